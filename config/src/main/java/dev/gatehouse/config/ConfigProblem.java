package dev.gatehouse.config;

/**
 * One thing wrong with a configuration file, located for the person who has to fix it.
 *
 * @param file the file name as shown to the operator
 * @param line 1-based line, or 0 when the problem has no place inside a file
 * @param column 1-based column, or 0 when the problem has no place inside a file
 * @param message what is wrong; never contains secret values
 */
public record ConfigProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
