package io.norn.logql.log.template;

/** A template that cannot be parsed or executed; the message is the text Go's text/template gives. */
public final class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }
}
