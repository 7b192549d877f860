package dev.gatehouse.api.operator;

/** The audit log verified whole and held against its witnesses, in one line for the operator. */
public record AuditIntegrity(boolean ok, String line) {}
