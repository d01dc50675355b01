package com.example.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's quick start shows this module's files as they are, so that what the build tests is what a
 * reader copies: the dependencies of pom.xml, application.yml and the application class.
 */
class QuickstartReadmeTests {

    private static final String BEGIN = "<!-- quick-start:dependencies -->";

    private static final String END = "<!-- /quick-start:dependencies -->";

    @Test
    void readmeShowsTheDependenciesOfThisPom() throws IOException {
        String pom = read("pom.xml");
        String dependencies = pom.substring(pom.indexOf(BEGIN) + BEGIN.length(), pom.indexOf(END));
        String dedented = dependencies.strip().lines()
            .map((line) -> line.startsWith("        ") ? line.substring(8) : line.strip())
            .collect(Collectors.joining("\n"));
        assertThat(readme()).contains("```xml\n" + dedented + "\n```");
    }

    @Test
    void readmeShowsThisApplicationYml() throws IOException {
        assertThat(readme()).contains("```yaml\n" + read("src/main/resources/application.yml").strip() + "\n```");
    }

    @Test
    void readmeShowsThisApplicationClass() throws IOException {
        String source = read("src/main/java/com/example/quickstart/QuickstartApplication.java").strip();
        assertThat(readme()).contains("```java\n" + source + "\n```");
    }

    private static String readme() throws IOException {
        return read("../README.md");
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).replace("\r\n", "\n");
    }

}
