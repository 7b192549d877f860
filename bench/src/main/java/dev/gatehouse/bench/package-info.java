/**
 * Benchmarks and the load harness behind docs/PERFORMANCE.md. Nothing here is a test and no
 * figure decides a build: {@link dev.gatehouse.bench.PipelineBench} (JMH) measures one
 * authenticate-and-call through the host, {@link dev.gatehouse.bench.LoadHarness} compares
 * Gatehouse's MCP endpoint with a bare MCP SDK server under concurrent load.
 */
package dev.gatehouse.bench;
