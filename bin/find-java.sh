# Sourced by ./gatehouse and ./mvnw (POSIX sh). Leaves JAVA_HOME pointing at a JDK 25 or newer:
# the one already set if it qualifies, else the java on PATH, else the newest under /usr/lib/jvm.
# Stops with a message saying what to install when there is none.

gatehouse_java_major() {
    # The JDK's release file says its version without starting a JVM (each start costs tens of ms,
    # paid on every command); only a JDK without one is asked.
    if [ -f "$1/release" ] && grep -q '^JAVA_VERSION=' "$1/release"; then
        sed -n 's/^JAVA_VERSION="\{0,1\}\([^".]*\).*/\1/p' "$1/release" | head -n 1
        return
    fi
    "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1") ? v[2] : v[1]; exit }'
}

gatehouse_java_ok() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(gatehouse_java_major "$1")" -ge 25 ] 2>/dev/null
}

if ! gatehouse_java_ok "${JAVA_HOME:-/nonexistent}"; then
    gatehouse_found=""
    if command -v java >/dev/null 2>&1; then
        gatehouse_candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        gatehouse_java_ok "$gatehouse_candidate" && gatehouse_found=$gatehouse_candidate
    fi
    if [ -z "$gatehouse_found" ]; then
        gatehouse_best=0
        for gatehouse_candidate in /usr/lib/jvm/*; do
            if gatehouse_java_ok "$gatehouse_candidate"; then
                gatehouse_major=$(gatehouse_java_major "$gatehouse_candidate")
                if [ "$gatehouse_major" -gt "$gatehouse_best" ]; then
                    gatehouse_best=$gatehouse_major
                    gatehouse_found=$gatehouse_candidate
                fi
            fi
        done
    fi
    if [ -z "$gatehouse_found" ]; then
        echo "Gatehouse needs a JDK 25 or newer, and found none (JAVA_HOME, java on PATH, /usr/lib/jvm)." >&2
        echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
        exit 1
    fi
    JAVA_HOME=$gatehouse_found
    export JAVA_HOME
fi
