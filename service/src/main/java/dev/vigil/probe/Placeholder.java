package dev.vigil.probe;

/** What a condition can test, in Gatus's names; which a probe observes depends on its type. */
public enum Placeholder {
    STATUS, RESPONSE_TIME, BODY, CERTIFICATE_EXPIRATION, CONNECTED, TLS_VERIFIED, DNS_RCODE, ROWS, VALUE
}
