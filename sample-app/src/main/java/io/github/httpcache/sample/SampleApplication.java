package io.github.httpcache.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application that uses the starter exactly as a user would: the dependency plus
 * {@code application.yml}. It calls a simulated upstream (its own {@link UpstreamController}) through
 * Spring's HTTP clients and shows what the cache did.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addListeners(new EmbeddedRedisFallback());
		application.run(args);
	}

}
