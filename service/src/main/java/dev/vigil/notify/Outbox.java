package dev.vigil.notify;

/** Where the pipeline puts messages to send, inside the transaction that decided them. */
public interface Outbox {
    void enqueue(OutboxMessage message);
}
