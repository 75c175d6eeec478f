package io.appnet.compiler.model;

/** A change or value the model refuses, with a message that says precisely what is wrong. Nothing changed. */
public final class ModelException extends IllegalArgumentException {

    public ModelException(String message) {
        super(message);
    }
}
