package io.github.httpcache.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

import io.github.httpcache.core.CacheRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.FastByteArrayOutputStream;
import org.springframework.util.StreamUtils;

/**
 * The cache where a {@code RestClient} or {@code RestTemplate} request leaves the client: below every
 * interceptor and {@code ClientHttpRequestInitializer}, so the key is made from the headers (cookies
 * and credentials included), body and attributes that would be sent. Spring copies the request's
 * attributes down to the request this factory creates, which is how per-request options reach it.
 */
final class CachingClientHttpRequestFactory implements ClientHttpRequestFactory {

	private final ClientHttpRequestFactory delegate;

	private final HttpCacheEngine engine;

	CachingClientHttpRequestFactory(ClientHttpRequestFactory delegate, HttpCacheEngine engine) {
		this.delegate = delegate;
		this.engine = engine;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new CachingRequest(uri, httpMethod);
	}

	/** Buffers the body, then lets the engine answer, or send through the delegate. */
	private final class CachingRequest extends AbstractClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		private final FastByteArrayOutputStream body = new FastByteArrayOutputStream(256);

		CachingRequest(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected OutputStream getBodyInternal(HttpHeaders headers) {
			return this.body;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers) throws IOException {
			ChainMark.reach(getAttributes());
			byte[] bytes = this.body.toByteArrayUnsafe();
			CacheRequest cacheRequest = new CacheRequest(this.method.name(), this.uri,
					CachingClientHttpRequestInterceptor.headers(headers), bytes, RequestAttributes.options(getAttributes()));
			return CachingClientHttpRequestInterceptor.respond(CachingClientHttpRequestFactory.this.engine, cacheRequest,
					(forwarded) -> send(forwarded, bytes));
		}

		private ClientHttpResponse send(HttpHeaders forwarded, byte[] bytes) throws IOException {
			ClientHttpRequest sent = CachingClientHttpRequestFactory.this.delegate.createRequest(this.uri, this.method);
			sent.getHeaders().putAll(forwarded);
			sent.getAttributes().putAll(getAttributes());
			if (bytes.length > 0) {
				if (sent instanceof StreamingHttpOutputMessage streaming) {
					streaming.setBody(new StreamingHttpOutputMessage.Body() {
						@Override
						public void writeTo(OutputStream outputStream) throws IOException {
							StreamUtils.copy(bytes, outputStream);
						}

						@Override
						public boolean repeatable() {
							return true;
						}
					});
				}
				else {
					StreamUtils.copy(bytes, sent.getBody());
				}
			}
			return sent.execute();
		}

	}

}
