package io.github.httpcache.client;

import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Caches responses of {@code RestClient} and {@code RestTemplate}. The cache keys on the request as it
 * is when the cache sees it, so where it sits in the client's chain decides what enters the key:
 * <ul>
 * <li>{@link #wrap(ClientHttpRequestFactory)} puts it where the request leaves the client, below every
 * interceptor and initializer: every header, cookie and credential they add is in the key. This is how
 * auto-configuration attaches it to clients built from Spring Boot's builders, and the way to attach
 * it to a client built by hand:
 * <pre>
 * RestClient.builder().requestFactory(cachingInterceptor.wrap(new JdkClientHttpRequestFactory())).build();
 * </pre></li>
 * <li>Registered as an interceptor, it caches the request as it is at its place in the list:
 * register it last ({@code builder.requestInterceptors((list) -> list.add(cachingInterceptor))} after
 * the others), or an interceptor after it that adds a credential adds it after the key was made.</li>
 * </ul>
 * On a client whose request factory is already wrapped (one from Spring Boot's builder), the
 * interceptor steps aside so a request is never cached twice.
 */
public final class CachingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(CachingClientHttpRequestInterceptor.class);

	private final HttpCacheEngine engine;

	private final ClientHttpRequestInterceptor requestFactoryCheck;

	public CachingClientHttpRequestInterceptor(HttpCacheEngine engine) {
		this.engine = engine;
		ChainMark.Warning warning = new ChainMark.Warning(logger, "A request from a RestClient or RestTemplate built "
				+ "from Spring Boot's builder reached the origin without passing the HTTP cache: the application "
				+ "set its own request factory (or a builder without the cache's). Such requests are not cached. "
				+ "To cache them, pass the factory through CachingClientHttpRequestInterceptor.wrap(...)");
		this.requestFactoryCheck = (request, body, execution) -> {
			ChainMark mark = new ChainMark();
			try {
				request.getAttributes().put(ChainMark.ATTRIBUTE, mark);
			}
			catch (UnsupportedOperationException ex) {
				// A request with read-only attributes (a wrapper of the application's): nothing to check.
				return execution.execute(request, body);
			}
			ClientHttpResponse response = execution.execute(request, body);
			warning.check(mark);
			return response;
		};
	}

	/**
	 * Returns a request factory that caches each request as it leaves the client, with every header,
	 * cookie and credential that the client's interceptors and initializers added.
	 * @param requestFactory the factory that sends what the cache does not answer
	 * @return the caching factory ({@code requestFactory} itself when it already caches)
	 */
	public ClientHttpRequestFactory wrap(ClientHttpRequestFactory requestFactory) {
		if (requestFactory == null) {
			throw new IllegalArgumentException("'requestFactory' must not be null");
		}
		if (requestFactory instanceof CachingClientHttpRequestFactory) {
			return requestFactory;
		}
		return new CachingClientHttpRequestFactory(requestFactory, this.engine);
	}

	/**
	 * Returns the interceptor that auto-configuration adds to Spring Boot's builders. It does not
	 * cache: it marks each request so the caching request factory (see {@link #wrap}) can say it was
	 * reached, and logs one warning when a request went to the origin without passing it (the
	 * application replaced the request factory; such requests are sent uncached, never shared).
	 * @return the marking interceptor, the same instance on every call
	 */
	public ClientHttpRequestInterceptor requestFactoryCheck() {
		return this.requestFactoryCheck;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (ChainMark.expected(request.getAttributes())) {
			// The client's request factory caches the final request; caching here too would key on less.
			return execution.execute(request, body);
		}
		CacheRequest cacheRequest = new CacheRequest(request.getMethod().name(), request.getURI(),
				headers(request.getHeaders()), body, RequestAttributes.options(request.getAttributes()));
		return respond(this.engine, cacheRequest, (forwarded) -> execution.execute(new HttpRequestWrapper(request) {
			@Override
			public HttpHeaders getHeaders() {
				return forwarded;
			}
		}, body));
	}

	/** Sends the request with the headers the engine chose (validators added). */
	@FunctionalInterface
	interface Send {

		ClientHttpResponse send(HttpHeaders forwarded) throws IOException;

	}

	/** Runs the engine for one request and answers with its response. */
	static ClientHttpResponse respond(HttpCacheEngine engine, CacheRequest cacheRequest, Send send) throws IOException {
		HttpCacheEngine.Response response = engine.execute(cacheRequest, (requestHeaders) -> {
			ClientHttpResponse origin = send.send(httpHeaders(requestHeaders));
			// The body stream is opened only when read: some request factories refuse a close() on a
			// stream nobody subscribed to (a 204 or a 304 has nothing to read).
			return new HttpCacheEngine.OriginResponse(origin.getStatusCode().value(), headers(origin.getHeaders()),
					new LazyBody(origin), origin);
		});
		return new EngineClientHttpResponse(response);
	}

	static Headers headers(HttpHeaders headers) {
		Headers.Builder builder = Headers.builder();
		headers.forEach((name, values) -> values.forEach((value) -> builder.add(name, value)));
		return builder.build();
	}

	static HttpHeaders httpHeaders(Headers headers) {
		HttpHeaders httpHeaders = new HttpHeaders();
		headers.forEach((name, values) -> values.forEach((value) -> httpHeaders.add(name, value)));
		return httpHeaders;
	}

	/** The engine's answer as a {@link ClientHttpResponse}. */
	private static final class EngineClientHttpResponse implements ClientHttpResponse {

		private final HttpCacheEngine.Response response;

		private final HttpHeaders headers;

		EngineClientHttpResponse(HttpCacheEngine.Response response) {
			this.response = response;
			this.headers = HttpHeaders.readOnlyHttpHeaders(httpHeaders(response.headers()));
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.status());
		}

		@Override
		public String getStatusText() {
			org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(this.response.status());
			return (known != null) ? known.getReasonPhrase() : "";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return this.response.body();
		}

		@Override
		public void close() {
			try {
				this.response.body().close();
			}
			catch (IOException | RuntimeException ex) {
				// A body that was never read (a 204 or 304 passed through) may refuse to close; the origin
				// response below releases it.
			}
			try {
				this.response.closer().close();
			}
			catch (IOException | RuntimeException ex) {
				// nothing more to release
			}
		}

	}

	/** The origin's body, opened on first read; closing an unopened body only closes the response. */
	private static final class LazyBody extends InputStream {

		private final ClientHttpResponse origin;

		private @Nullable InputStream body;

		LazyBody(ClientHttpResponse origin) {
			this.origin = origin;
		}

		private InputStream body() throws IOException {
			if (this.body == null) {
				this.body = this.origin.getBody();
			}
			return this.body;
		}

		@Override
		public int read() throws IOException {
			return body().read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return body().read(buffer, offset, length);
		}

		@Override
		public int available() throws IOException {
			return (this.body != null) ? this.body.available() : 0;
		}

		@Override
		public void close() throws IOException {
			if (this.body != null) {
				this.body.close();
			}
		}

	}

}
