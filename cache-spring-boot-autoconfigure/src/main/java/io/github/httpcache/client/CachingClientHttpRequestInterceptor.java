package io.github.httpcache.client;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Caches responses of {@code RestClient} and {@code RestTemplate}. Auto-configuration adds it to
 * clients built from Spring Boot's builders; add the bean yourself to a client built by hand:
 * <pre>
 * RestClient.builder().requestInterceptor(cachingInterceptor).build();
 * </pre>
 */
public final class CachingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final HttpCacheEngine engine;

	public CachingClientHttpRequestInterceptor(HttpCacheEngine engine) {
		this.engine = engine;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		CacheRequest cacheRequest = new CacheRequest(request.getMethod().name(), request.getURI(),
				headers(request.getHeaders()), body, RequestAttributes.options(request.getAttributes()));
		HttpCacheEngine.Response response = this.engine.execute(cacheRequest, (requestHeaders) -> {
			HttpHeaders forwarded = httpHeaders(requestHeaders);
			ClientHttpResponse origin = execution.execute(new HttpRequestWrapper(request) {
				@Override
				public HttpHeaders getHeaders() {
					return forwarded;
				}
			}, body);
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
