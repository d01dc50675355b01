package io.github.httpcache.client;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.RequestOptions;
import io.github.httpcache.store.ReactiveCacheStore;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * Caches responses of {@code WebClient}, without blocking: the same decisions, keys and stored entries
 * as {@link CachingClientHttpRequestInterceptor}, run by the engine's reactive flow over a
 * {@link ReactiveCacheStore}. The cache keys on the request as it is when the cache sees it, so where
 * it sits in the client's chain decides what enters the key:
 * <ul>
 * <li>{@link #wrap(ClientHttpConnector)} puts it where the request leaves the client, below every
 * filter: every header, cookie ({@code ClientRequest.cookies()}) and credential they add is in the key.
 * This is how auto-configuration attaches it to clients built from Spring Boot's
 * {@code WebClient.Builder}, and the way to attach it to a client built by hand:
 * <pre>
 * WebClient.builder().clientConnector(cachingFilter.wrap(new ReactorClientHttpConnector())).build();
 * </pre></li>
 * <li>Registered as a filter, it caches the request as it is at its place in the list: register it
 * last, or a filter after it that adds a credential adds it after the key was made; cookies set with
 * {@code .cookie(...)} are not visible to a filter and do not enter its key.</li>
 * </ul>
 * On a client whose connector is already wrapped (one from Spring Boot's builder), the filter steps
 * aside so a request is never cached twice. Per-request options travel as request attributes:
 * {@code webClient.get().uri(url).attributes(HttpCacheRequest.onlyIfCached())}.
 */
public final class CachingExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(CachingExchangeFilterFunction.class);

	private final ReactiveCacheFlow flow;

	private final ExchangeStrategies strategies;

	private final Set<String> allowableMethods;

	private final HttpCacheEngine engine;

	private final ExchangeFilterFunction connectorCheck;

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
		this.engine = engine;
		ChainMark.Warning warning = new ChainMark.Warning(logger, "A request from a WebClient built from Spring "
				+ "Boot's builder reached the origin without passing the HTTP cache: the application set its own "
				+ "client connector (or a builder without the cache's). Such requests are not cached. To cache "
				+ "them, pass the connector through CachingExchangeFilterFunction.wrap(...)");
		this.connectorCheck = (request, next) -> {
			ChainMark mark = new ChainMark();
			return next.exchange(ClientRequest.from(request).attribute(ChainMark.ATTRIBUTE, mark).build())
				.doOnNext((response) -> warning.check(mark));
		};
	}

	/**
	 * Returns a connector that caches each request as it leaves the client, with every header, cookie
	 * and credential that the client's filters added, and, for a method listed in
	 * {@code allowable-methods} besides GET and HEAD, the body it writes (up to {@code max-entry-size};
	 * a larger one is sent uncached).
	 * @param connector the connector that sends what the cache does not answer
	 * @return the caching connector ({@code connector} itself when it already caches)
	 */
	public ClientHttpConnector wrap(ClientHttpConnector connector) {
		if (connector == null) {
			throw new IllegalArgumentException("'connector' must not be null");
		}
		if (connector instanceof CachingClientHttpConnector) {
			return connector;
		}
		return new CachingClientHttpConnector(connector, this.flow, this.allowableMethods,
				this.engine.policy().settings().maxEntrySize());
	}

	/**
	 * Returns the filter that auto-configuration adds to Spring Boot's builder. It does not cache: it
	 * marks each request so the caching connector (see {@link #wrap}) can say it was reached, and logs
	 * one warning when a request went to the origin without passing it (the application replaced the
	 * connector; such requests are sent uncached, never shared).
	 * @return the marking filter, the same instance on every call
	 */
	public ExchangeFilterFunction connectorCheck() {
		return this.connectorCheck;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (ChainMark.expected(request.attributes())) {
			// The client's connector caches the final request; caching here too would key on less.
			return next.exchange(request);
		}
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
		}).map((response) -> clientResponse(request, response))
			.transformDeferredContextual((answer, context) -> answer.doOnNext((response) -> observed(context, response)));
	}

	/**
	 * The request's options. A WebClient body is written after the filter runs, so it cannot enter the
	 * key here: an allowable method other than GET and HEAD (say POST, when configured) leaves the cache
	 * out rather than let requests with different bodies share one entry (the connector from
	 * {@link #wrap} sees the body and keys on it).
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

	/**
	 * The client's observation takes its response in the client's last filter, which a hit never
	 * reaches (and which saw the origin's 304 where the caller gets the stored 200): it is given the
	 * response the caller gets, or a hit is recorded as a client error.
	 */
	private static void observed(ContextView context, ClientResponse answer) {
		if (context.getOrDefault(ObservationThreadLocalAccessor.KEY, null) instanceof Observation observation
				&& observation.getContext() instanceof ClientRequestObservationContext client) {
			client.setResponse(answer);
		}
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
