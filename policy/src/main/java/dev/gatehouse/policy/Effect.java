package dev.gatehouse.policy;

/** What a policy rule does when it matches, and what a {@link PolicyDecision} says. */
public enum Effect {
    ALLOW,
    DENY,
    REVIEW
}
