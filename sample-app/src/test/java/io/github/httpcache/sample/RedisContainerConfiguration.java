package io.github.httpcache.sample;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * Redis in a container for users who have Docker: {@code @ServiceConnection} points Spring Boot's
 * Redis connection (and so the cache) at it, with no host or port to configure. Used by
 * {@link TestSampleApplication} and by tests that run where Docker is available.
 */
@TestConfiguration(proxyBeanMethods = false)
class RedisContainerConfiguration {

	static final DockerImageName REDIS = DockerImageName.parse("redis:7-alpine");

	@Bean
	@ServiceConnection(name = "redis")
	GenericContainer<?> redisContainer() {
		return new GenericContainer<>(REDIS).withExposedPorts(6379);
	}

}
