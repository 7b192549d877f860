package dev.gatehouse.policy;

/**
 * Base of every failure in the policy module. Each stage has its own subclass with structured
 * fields: {@link ScopeHierarchyException} when scope hierarchies are combined,
 * {@link PolicyCompileException} when policy rules are compiled. Messages name scopes, plugins and
 * rule ids, which are never secret; they never quote call arguments.
 */
public abstract sealed class PolicyException extends RuntimeException
        permits ScopeHierarchyException, PolicyCompileException {

    PolicyException(String message) {
        super(message);
    }
}
