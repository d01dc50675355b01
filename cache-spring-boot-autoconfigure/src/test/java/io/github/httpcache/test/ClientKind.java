package io.github.httpcache.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Spring HTTP clients the cache serves, each built from Spring Boot's auto-configured builder
 * as a user would build it, behind one small interface so end-to-end tests run against every client.
 */
public enum ClientKind {

	REST_CLIENT {
		@Override
		public Client create(ApplicationContext context) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			return (method, url, headers, body, attributes) -> {
				RestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(method))
					.uri(url)
					.headers((h) -> headers.forEach(h::add))
					.attributes(attributes);
				if (body != null) {
					spec.body(body);
				}
				ResponseEntity<String> response = spec.retrieve()
					.onStatus((status) -> true, (request, resp) -> {
					})
					.toEntity(String.class);
				return new Result(response.getStatusCode().value(), response.getHeaders(), response.getBody());
			};
		}
	},

	REST_TEMPLATE {
		@Override
		public Client create(ApplicationContext context) {
			RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
			template.setErrorHandler(new org.springframework.web.client.DefaultResponseErrorHandler() {
				@Override
				public boolean hasError(org.springframework.http.client.ClientHttpResponse response) {
					return false;
				}
			});
			return (method, url, headers, body, attributes) -> {
				HttpHeaders requestHeaders = new HttpHeaders();
				headers.forEach(requestHeaders::add);
				ResponseEntity<String> response = template.exchange(url, HttpMethod.valueOf(method),
						new HttpEntity<>(body, requestHeaders), String.class);
				return new Result(response.getStatusCode().value(), response.getHeaders(), response.getBody());
			};
		}

		@Override
		public boolean supportsAttributes() {
			return false;
		}
	},

	WEB_CLIENT {
		@Override
		public Client create(ApplicationContext context) {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			return (method, url, headers, body, attributes) -> {
				WebClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(method))
					.uri(url)
					.headers((h) -> headers.forEach(h::add))
					.attributes(attributes);
				if (body != null) {
					spec.bodyValue(body);
				}
				ResponseEntity<String> response = spec.exchangeToMono((resp) -> resp.toEntity(String.class))
					.block(Duration.ofSeconds(30));
				return new Result(response.getStatusCode().value(), response.getHeaders(), response.getBody());
			};
		}
	};

	public abstract Client create(ApplicationContext context);

	/** Whether per-request options travel as request attributes with this client. */
	public boolean supportsAttributes() {
		return true;
	}

	/** Sends one request and reads the whole response. */
	@FunctionalInterface
	public interface Client {

		Result exchange(String method, String url, Map<String, String> headers, String body,
				Consumer<Map<String, Object>> attributes);

		default Result get(String url) {
			return exchange("GET", url, Map.of(), null, (attributes) -> {
			});
		}

		default Result get(String url, Map<String, String> headers) {
			return exchange("GET", url, headers, null, (attributes) -> {
			});
		}

		default Result get(String url, Consumer<Map<String, Object>> attributes) {
			return exchange("GET", url, Map.of(), null, attributes);
		}

	}

	/**
	 * A response as the caller saw it.
	 *
	 * @param status the status code
	 * @param headers the header fields
	 * @param body the body, or {@code null}
	 */
	public record Result(int status, HttpHeaders headers, String body) {

		public String cacheStatus() {
			return this.headers.getFirst("Cache-Status");
		}

		public List<String> header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? values : List.of();
		}

	}

}
