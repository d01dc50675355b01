package io.github.httpcache.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import io.github.httpcache.HttpCacheRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends each request through the caching request factory of its policy: the one named by its
 * {@link HttpCacheRequest#POLICY} attribute, else the default. The attribute is known only once the
 * client's interceptors ran, so the choice is made when the request executes, on a buffered copy.
 */
final class PolicyRoutingRequestFactory implements ClientHttpRequestFactory {

	private final ClientHttpRequestFactory defaultFactory;

	private final Map<String, ClientHttpRequestFactory> policies;

	private final UnknownPolicies unknown;

	PolicyRoutingRequestFactory(ClientHttpRequestFactory defaultFactory, Map<String, ClientHttpRequestFactory> policies,
			UnknownPolicies unknown) {
		this.defaultFactory = defaultFactory;
		this.policies = policies;
		this.unknown = unknown;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new RoutingRequest(uri, httpMethod);
	}

	private ClientHttpRequestFactory target(@org.jspecify.annotations.Nullable Object policy) {
		if (policy == null) {
			return this.defaultFactory;
		}
		ClientHttpRequestFactory factory = this.policies.get(policy.toString());
		if (factory == null) {
			this.unknown.warn(policy.toString());
			return this.defaultFactory;
		}
		return factory;
	}

	private final class RoutingRequest extends AbstractBufferingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		RoutingRequest(URI uri, HttpMethod method) {
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
		protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
			ClientHttpRequest request = target(getAttributes().get(HttpCacheRequest.POLICY)).createRequest(this.uri,
					this.method);
			request.getHeaders().putAll(headers);
			request.getAttributes().putAll(getAttributes());
			if (body.length > 0) {
				if (request instanceof StreamingHttpOutputMessage streaming) {
					streaming.setBody((stream) -> stream.write(body));
				}
				else {
					request.getBody().write(body);
				}
			}
			return request.execute();
		}

	}

}
