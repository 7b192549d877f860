/**
 * The operator contract: everything an operator does to a Gatehouse home, as one interface the
 * host implements and every operator surface renders (the CLI today; a REST API and a web console
 * later). Secrets go in and never come out; the vault and the audit log stay behind it.
 */
package dev.gatehouse.api.operator;
