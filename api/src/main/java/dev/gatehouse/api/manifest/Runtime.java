package dev.gatehouse.api.manifest;

import java.util.List;

/** How a plugin's code runs; decides its isolation tier. */
public sealed interface Runtime {

    /** The manifest's {@code runtime.type} word. */
    String type();

    /** Any executable, typically an MCP server over stdio, run under bubblewrap. */
    record Process(List<String> command) implements Runtime {
        public Process {
            command = List.copyOf(command);
        }

        @Override
        public String type() {
            return "process";
        }
    }

    /** A WebAssembly module inside the plugin tree, run in-process on Chicory. */
    record Wasm(String module) implements Runtime {
        @Override
        public String type() {
            return "wasm";
        }
    }

    /** Tools the host implements itself, held to this manifest through the same checks. */
    record Builtin() implements Runtime {
        @Override
        public String type() {
            return "builtin";
        }
    }
}
