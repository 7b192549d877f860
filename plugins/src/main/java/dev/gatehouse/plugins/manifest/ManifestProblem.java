package dev.gatehouse.plugins.manifest;

/**
 * One thing wrong with a plugin manifest.
 *
 * @param file the manifest file (or the plugin directory, for problems such as a missing manifest)
 * @param line 1-based line, or 0 when the problem has no place inside a file
 * @param column 1-based column, or 0 when the problem has no place inside a file
 * @param message what is wrong, safe to show the operator
 */
public record ManifestProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
