package dev.gatehouse.policy;

/** Scope syntax: {@code namespace:action}, or the word {@code admin}. */
final class Scopes {

    /** Implies every scope: a wildcard the graph checks for, never expanded into a list. */
    static final String ADMIN = "admin";

    static final String RULE =
            "a scope looks like namespace:action (lower case letters, digits, '_' or '-', each part at most 32"
                    + " characters, starting with a letter), or the word admin";

    private static final int MAX_PART = 32;

    private Scopes() {}

    /** {@code ^[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_-]{0,31}$}, checked by hand: it runs on every call. */
    static boolean isNamespaced(String scope) {
        int colon = scope.indexOf(':');
        return colon > 0 && validPart(scope, 0, colon) && validPart(scope, colon + 1, scope.length());
    }

    static boolean isValid(String scope) {
        return ADMIN.equals(scope) || isNamespaced(scope);
    }

    /** The part before ':'; only for scopes that passed {@link #isNamespaced}. */
    static String namespace(String scope) {
        return scope.substring(0, scope.indexOf(':'));
    }

    private static boolean validPart(String s, int from, int to) {
        if (to - from < 1 || to - from > MAX_PART) {
            return false;
        }
        char first = s.charAt(from);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
