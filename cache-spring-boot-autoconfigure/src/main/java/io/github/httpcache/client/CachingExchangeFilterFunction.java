package io.github.httpcache.client;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.RequestOptions;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * Caches responses of {@code WebClient}, without blocking: the same decisions, keys and stored entries
 * as {@link CachingClientHttpRequestInterceptor}, run by the engine's reactive flow over a
 * {@link ReactiveCacheStore}. Auto-configuration adds it to clients built from Spring Boot's
 * {@code WebClient.Builder}; add the bean yourself to a client built by hand:
 * <pre>
 * WebClient.builder().filter(cachingFilter).build();
 * </pre>
 * Per-request options travel as request attributes:
 * {@code webClient.get().uri(url).attributes(HttpCacheRequest.onlyIfCached())}.
 */
public final class CachingExchangeFilterFunction implements ExchangeFilterFunction {

	private final ReactiveCacheFlow flow;

	private final ExchangeStrategies strategies;

	private final Set<String> allowableMethods;

	/**
	 * Creates a filter whose responses from the cache decode with the default codecs.
	 * @param engine the engine whose decisions to run
	 * @param store the non-blocking view of the engine's store
	 */
	public CachingExchangeFilterFunction(HttpCacheEngine engine, ReactiveCacheStore store) {
		this(engine, store, ExchangeStrategies.withDefaults());
	}

	/**
	 * Creates a filter.
	 * @param engine the engine whose decisions to run
	 * @param store the non-blocking view of the engine's store
	 * @param strategies the codecs that responses served from the cache decode with (those of the
	 * origin's response are kept)
	 */
	public CachingExchangeFilterFunction(HttpCacheEngine engine, ReactiveCacheStore store,
			ExchangeStrategies strategies) {
		if (engine == null) {
			throw new IllegalArgumentException("'engine' must not be null");
		}
		if (store == null) {
			throw new IllegalArgumentException("'store' must not be null");
		}
		this.flow = new ReactiveCacheFlow(engine, store);
		this.strategies = strategies;
		this.allowableMethods = engine.policy().settings().allowableMethods();
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		CacheRequest cacheRequest = new CacheRequest(request.method().name(), request.url(),
				CachingClientHttpRequestInterceptor.headers(request.headers()), new byte[0], options(request));
		return this.flow.<ClientResponse>execute(cacheRequest, (requestHeaders) -> {
			HttpHeaders forwarded = CachingClientHttpRequestInterceptor.httpHeaders(requestHeaders);
			ClientRequest sent = ClientRequest.from(request).headers((headers) -> {
				headers.clear();
				headers.addAll(forwarded);
			}).build();
			return next.exchange(sent)
				.map((response) -> new ReactiveCacheFlow.OriginResponse<>(response.statusCode().value(),
						CachingClientHttpRequestInterceptor.headers(response.headers().asHttpHeaders()),
						response.body(BodyExtractors.toDataBuffers()), response));
		}).map((response) -> clientResponse(request, response));
	}

	/**
	 * The request's options. A WebClient body is written after the filter runs, so it cannot enter the
	 * key: an allowable method other than GET and HEAD (say POST, when configured) leaves the cache out
	 * rather than let requests with different bodies share one entry.
	 */
	private RequestOptions options(ClientRequest request) {
		RequestOptions options = RequestAttributes.options(request.attributes());
		String method = request.method().name();
		boolean bodyMayMatter = !method.equals("GET") && !method.equals("HEAD")
				&& this.allowableMethods.contains(method);
		return bodyMayMatter ? options.withBypass() : options;
	}

	private ClientResponse clientResponse(ClientRequest request, ReactiveCacheFlow.Response<ClientResponse> response) {
		ClientResponse source = response.source();
		HttpHeaders headers = CachingClientHttpRequestInterceptor.httpHeaders(response.headers());
		ClientResponse.Builder builder;
		if (source != null) {
			builder = ClientResponse.create(HttpStatusCode.valueOf(response.status()), source.strategies())
				.request(source.request())
				.cookies((cookies) -> cookies.addAll(source.cookies()));
		}
		else {
			builder = ClientResponse.create(HttpStatusCode.valueOf(response.status()), this.strategies)
				.request(new SentRequest(request));
		}
		return builder.headers((target) -> target.addAll(headers)).body(response.body()).build();
	}

	/** The caller's request, for responses the cache answered alone (error messages name it). */
	private record SentRequest(ClientRequest request) implements HttpRequest {

		@Override
		public HttpMethod getMethod() {
			return this.request.method();
		}

		@Override
		public URI getURI() {
			return this.request.url();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.request.attributes();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.request.headers();
		}

		@Override
		public String toString() {
			return this.request.method() + " " + this.request.url();
		}

	}

}
