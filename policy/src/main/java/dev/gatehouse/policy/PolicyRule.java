package dev.gatehouse.policy;

import java.util.Objects;

/**
 * One operator policy: {@code {id, effect, when}} in the {@code policies:} section.
 *
 * @param id unique among the rules, {@code ^[a-z0-9][a-z0-9._-]{0,63}$}; names the rule in
 *     decisions and in the audit log
 * @param when a CEL expression of type bool over {@code principal}, {@code tool}, {@code args} and
 *     {@code request}; see {@link PolicySet}
 */
public record PolicyRule(String id, Effect effect, String when) {

    public PolicyRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(when, "when");
    }
}
