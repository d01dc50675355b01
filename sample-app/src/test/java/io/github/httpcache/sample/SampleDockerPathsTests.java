package io.github.httpcache.sample;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths for users who have Docker. Without Docker (this build's default) only the first test
 * runs: Docker Compose support is off unless the 'compose' profile is active, so the sample never
 * tries to start a container.
 */
class SampleDockerPathsTests {

	@Test
	void dockerComposeIsOffWithoutTheComposeProfile() {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.lazy-initialization=true",
				"--spring.data.redis.port=1", "--sample.history.interval=1h")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("spring.docker.compose.enabled", Boolean.class)).isFalse();
		}
	}

	@Test
	void theComposeProfileTurnsDockerComposeOnAndTheEmbeddedFallbackOff() {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("compose");
		// Docker Compose support skips itself in tests (spring.docker.compose.skip.in-tests): only the
		// settings the profile brings are checked here.
		try (ConfigurableApplicationContext context = application.run("--spring.main.lazy-initialization=true",
				"--spring.data.redis.port=1", "--sample.history.interval=1h")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("spring.docker.compose.enabled", Boolean.class)).isTrue();
			assertThat(environment.getProperty("sample.embedded-redis.enabled", Boolean.class)).isFalse();
		}
	}

	/** Runs where Docker is available: the cache stores in the container that @ServiceConnection wired. */
	@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "http.cache.redis.timeout=2s", "sample.history.interval=1h" })
	@Import(RedisContainerConfiguration.class)
	@EnabledIf("io.github.httpcache.sample.SampleDockerPathsTests#dockerAvailable")
	@Nested
	class WithATestcontainersRedis {

		@Autowired
		DataRedisConnectionDetails redis;

		@LocalServerPort
		int port;

		@Test
		void secondDemoCallIsAHitFromTheContainer() {
			assertThat(this.redis.getStandalone().getPort()).isNotEqualTo(6379);
			RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
			client.get().uri("/demo/rest-client").retrieve().toEntity(Map.class);
			ResponseEntity<Map> second = client.get().uri("/demo/rest-client").retrieve().toEntity(Map.class);
			assertThat(second.getBody().get("cacheStatus")).asString().startsWith("http-cache; hit");
		}

	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
