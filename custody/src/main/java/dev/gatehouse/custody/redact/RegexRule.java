package dev.gatehouse.custody.redact;

import java.util.regex.Pattern;

/**
 * One credential shape found by a regular expression.
 *
 * @param name the generic name written into {@code [REDACTED:<name>]}
 * @param pattern bounded: every quantifier has an upper limit, so the work per start position and
 *     the length of a match are bounded too (no catastrophic backtracking on hostile input)
 * @param group the group to redact (0: the whole match); keeping a header name or key visible makes
 *     a redacted line still readable
 * @param maxLength an upper bound on the length of a match; chunks overlap by the largest one
 */
record RegexRule(String name, Pattern pattern, int group, int maxLength) {

    static RegexRule of(String name, String regex, int group, int maxLength) {
        return new RegexRule(name, Pattern.compile(regex), group, maxLength);
    }
}
