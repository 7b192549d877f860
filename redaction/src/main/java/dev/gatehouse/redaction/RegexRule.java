package dev.gatehouse.redaction;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One credential shape found by a regular expression.
 *
 * @param name the generic name written into {@code [REDACTED:<name>]}
 * @param pattern bounded: every quantifier has an upper limit, so the work per start position and
 *     the length of a match are bounded too (no catastrophic backtracking on hostile input)
 * @param group the group to redact (0: the whole match); keeping a header name or key visible makes
 *     a redacted line still readable
 * @param minLength a lower bound on the length of a match (a whole match, group 0): where fewer
 *     characters are left the rule is not tried. Err low: too low costs a futile try, too high
 *     would miss a credential. Each rule's shortest match is spelled out in its test
 * @param maxLength an upper bound on the length of a match
 * @param lead how many characters before a trigger a match may start
 * @param triggers lower-case literals one of which every match contains near its start: the rule
 *     is tried only where one occurs (running dozens of regular expressions at every position of
 *     every output would cost far more than the rest of redaction)
 */
record RegexRule(
        String name, Pattern pattern, int group, int minLength, int maxLength, int lead, List<String> triggers) {

    static RegexRule of(
            String name, String regex, int group, int minLength, int maxLength, int lead, String... triggers) {
        if (minLength < 1 || minLength > maxLength) {
            throw new IllegalArgumentException("a match is 1 to maxLength characters long: " + name);
        }
        for (var t : triggers) {
            if (!t.equals(t.toLowerCase(Locale.ROOT)) || t.isEmpty()) {
                throw new IllegalArgumentException("triggers are non-empty and lower-case: " + t);
            }
        }
        return new RegexRule(name, Pattern.compile(regex), group, minLength, maxLength, lead, List.of(triggers));
    }
}
