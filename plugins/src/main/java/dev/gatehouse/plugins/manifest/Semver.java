package dev.gatehouse.plugins.manifest;

import java.util.regex.Pattern;

/** Semantic Versioning 2.0.0, the whole grammar: core, pre-release and build metadata. */
final class Semver {

    private static final String NUMBER = "(?:0|[1-9][0-9]*)";
    private static final String ALNUM_ID = "[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*";
    // Numeric pre-release identifiers may not have leading zeros; alphanumeric ones may be anything.
    private static final String PRE_ID = "(?:" + NUMBER + "|" + ALNUM_ID + ")";
    private static final String BUILD_ID = "[0-9A-Za-z-]+";

    static final Pattern PATTERN = Pattern.compile(NUMBER + "\\." + NUMBER + "\\." + NUMBER
            + "(?:-" + PRE_ID + "(?:\\." + PRE_ID + ")*)?"
            + "(?:\\+" + BUILD_ID + "(?:\\." + BUILD_ID + ")*)?");

    static final String RULE = "expected a semantic version such as 1.2.0, 1.0.0-rc.1 or 1.0.0+build.5";

    private Semver() {}

    static boolean isValid(String version) {
        return version.length() <= 256 && PATTERN.matcher(version).matches();
    }
}
