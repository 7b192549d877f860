package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrantedPathSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"${workspace}", "${workspace}/docs", "${workspace}/a/b.c", "/data", "/srv/app/..x"})
    void exactNormalizedLocationsAreGranted(String path) {
        assertThat(GrantedPathSyntax.problem(path)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "docs                  | must be absolute or start with ${workspace}",
                "''                    | must be absolute or start with ${workspace}",
                "~/docs                | must be absolute or start with ${workspace}",
                "${workspacex}         | must be absolute or start with ${workspace}",
                "${home}/x             | must be absolute or start with ${workspace}",
                "/                     | would grant the whole file system",
                "/data/../etc          | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "/data/                | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "/data//x              | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "/./data               | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "${workspace}/         | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "${workspace}/../home  | must be normalized: no empty, '.' or '..' parts and no trailing '/'",
                "/data/${home}         | contains characters a path may not have here",
                "${workspace}/${x}     | contains characters a path may not have here",
                "/data\\x              | contains characters a path may not have here"
            })
    void loosePathsAreRefusedWithTheReason(String path, String reason) {
        assertThat(GrantedPathSyntax.problem(path)).contains(reason);
    }

    @Test
    void controlCharactersAreRefused() {
        assertThat(GrantedPathSyntax.problem("/data/a\nb")).contains("contains characters a path may not have here");
        assertThat(GrantedPathSyntax.problem("/data/\u0000")).contains("contains characters a path may not have here");
    }

    @Test
    void aPathLongerThanPathMaxIsRefused() {
        var longest = "/" + "a".repeat(4095);

        assertThat(GrantedPathSyntax.problem(longest)).isEmpty();
        assertThat(GrantedPathSyntax.problem(longest + "a")).contains("is longer than 4096 characters");
    }
}
