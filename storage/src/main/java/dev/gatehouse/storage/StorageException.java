package dev.gatehouse.storage;

/**
 * Base of every failure in the storage module. Messages are written for the operator and never
 * contain stored values.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
