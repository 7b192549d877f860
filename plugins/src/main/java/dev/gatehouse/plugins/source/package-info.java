/**
 * Where plugins come from and how their trees reach the staging area: {@link
 * dev.gatehouse.plugins.source.PluginSource} reads what the operator typed, {@link
 * dev.gatehouse.plugins.source.SourceFetcher} writes the tree of a directory, archive or git commit
 * under one rule set for hostile input, and {@link dev.gatehouse.plugins.source.TreeDigest} gives
 * the digest publishers sign.
 */
package dev.gatehouse.plugins.source;
