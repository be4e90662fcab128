package dev.vigil.template;

/** A template that does not parse, or fails while running; the message says where, as Go's does. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
