package io.github.httpcache.sample;

import org.springframework.boot.SpringApplication;

/**
 * The sample against Redis in a container (Docker needed):
 * {@code ./mvnw -pl sample-app -am spring-boot:test-run}. The embedded fallback is switched off, so
 * the container is the only Redis the application sees.
 */
public class TestSampleApplication {

	public static void main(String[] args) {
		System.setProperty("sample.embedded-redis.enabled", "false");
		SpringApplication.from(SampleApplication::main).with(RedisContainerConfiguration.class).run(args);
	}

}
