package dev.vigil.config;

/** A problem in what Vigil was given that stops it from starting; its message is the whole explanation. */
public class StartupRefusedException extends RuntimeException {
    public StartupRefusedException(String message) {
        super(message);
    }
}
