package io.github.httpcache.client;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.RequestOptions;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.AbstractClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The cache where a {@code WebClient} request leaves the client: below every filter, so the key is made
 * from the headers, cookies ({@code ClientRequest.cookies()}, sent as {@code Cookie}) and attributes
 * that would be sent. The client's request callback first runs against a request that only records
 * them (and, for a method listed in {@code allowable-methods} besides GET and HEAD, the body it writes,
 * up to {@code max-entry-size}); then the engine answers from the store, or the request is sent through
 * the delegate. Nothing here blocks.
 * <p>
 * What is sent: a body recorded for the key is sent as exactly those bytes; otherwise the client's
 * callback runs again against the real request (so a {@code ClientRequest.httpRequest(...)} consumer
 * reaches the native request, and a streamed body is subscribed once, there), with the validators the
 * engine added.
 */
final class CachingClientHttpConnector implements ClientHttpConnector {

	private static final byte[] NO_BODY = new byte[0];

	private final ClientHttpConnector delegate;

	private final ReactiveCacheFlow flow;

	private final Set<String> bodyMethods;

	private final long maxEntrySize;

	CachingClientHttpConnector(ClientHttpConnector delegate, ReactiveCacheFlow flow, Set<String> allowableMethods,
			long maxEntrySize) {
		this.delegate = delegate;
		this.flow = flow;
		this.bodyMethods = allowableMethods.stream()
			.map((method) -> method.toUpperCase(Locale.ROOT))
			.filter((method) -> !method.equals("GET") && !method.equals("HEAD"))
			.collect(Collectors.toUnmodifiableSet());
		this.maxEntrySize = maxEntrySize;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.defer(() -> {
			RecordingRequest recorded = new RecordingRequest(method, uri);
			// Deferred: the callback runs a ClientRequest.httpRequest(...) consumer synchronously.
			return Mono.defer(() -> requestCallback.apply(recorded)).onErrorResume(NativeRequestUnavailable.class, (ex) -> {
				// The callback asked for the native request: it ran up to there (headers, cookies and
				// attributes are copied first); it runs again, whole, on the real request.
				recorded.nativeRequested = true;
				return Mono.empty();
			}).then(Mono.defer(() -> body(recorded))).flatMap((body) -> exchange(recorded, body, requestCallback));
		});
	}

	/** The body that enters the key, for a listed method beyond GET and HEAD; else none. */
	private Mono<Body> body(RecordingRequest recorded) {
		if (!this.bodyMethods.contains(recorded.getMethod().name())) {
			return Mono.just(Body.RERUN);
		}
		Flux<DataBuffer> written = recorded.body;
		if (recorded.nativeRequested) {
			// The body was never written to the recorder: it cannot enter the key, so the cache stays out.
			return Mono.just(Body.RERUN_UNCACHED);
		}
		if (written == null) {
			return Mono.just(new Body(NO_BODY, null, false, false));
		}
		return BoundedBody.read(written, this.maxEntrySize)
			.map((read) -> read.tooLarge() ? new Body(NO_BODY, read.stream(), true, false)
					: new Body(read.bytes(), null, false, false));
	}

	private Mono<ClientHttpResponse> exchange(RecordingRequest recorded, Body body,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		ChainMark.reach(recorded.getAttributes());
		Headers keyed = keyedHeaders(recorded);
		RequestOptions options = RequestAttributes.options(recorded.getAttributes());
		CacheRequest cacheRequest = new CacheRequest(recorded.getMethod().name(), recorded.getURI(), keyed,
				body.bytes(), body.bypass() ? options.withBypass() : options);
		return this.flow.<ClientHttpResponse>execute(cacheRequest, (forwarded) -> this.delegate
			.connect(recorded.getMethod(), recorded.getURI(), (real) -> body.rerun()
					? requestCallback.apply(new Adjusted(real, keyed, forwarded))
					: writeRecorded(real, recorded, forwarded, body))
			.map((response) -> new ReactiveCacheFlow.OriginResponse<>(response.getStatusCode().value(),
					CachingClientHttpRequestInterceptor.headers(response.getHeaders()), response.getBody(), response)))
			.map(FlowResponse::new);
	}

	/** The headers the key is made from: the recorded ones, with the cookies as a {@code Cookie} field. */
	private static Headers keyedHeaders(RecordingRequest recorded) {
		MultiValueMap<String, HttpCookie> cookies = recorded.getCookies();
		if (cookies.isEmpty()) {
			// One conversion per request: no builder copied from a built Headers just to add nothing.
			return CachingClientHttpRequestInterceptor.headers(recorded.getHeaders());
		}
		Headers.Builder builder = Headers.builder();
		recorded.getHeaders().forEach((name, values) -> values.forEach((value) -> builder.add(name, value)));
		String cookie = cookies.values()
			.stream()
			.flatMap(List::stream)
			.map((c) -> c.getName() + "=" + c.getValue())
			.collect(Collectors.joining("; "));
		builder.add(HttpHeaders.COOKIE, cookie);
		return builder.build();
	}

	private static Mono<Void> writeRecorded(ClientHttpRequest real, RecordingRequest recorded, Headers forwarded,
			Body body) {
		HttpHeaders headers = CachingClientHttpRequestInterceptor.httpHeaders(forwarded.without(HttpHeaders.COOKIE));
		real.getHeaders().putAll(headers);
		List<String> cookieHeader = recorded.getHeaders().get(HttpHeaders.COOKIE);
		if (cookieHeader != null) {
			real.getHeaders().put(HttpHeaders.COOKIE, cookieHeader);
		}
		real.getCookies().addAll(recorded.getCookies());
		real.getAttributes().putAll(recorded.getAttributes());
		if (body.stream() != null) {
			return real.writeWith(body.stream());
		}
		byte[] bytes = body.bytes();
		return (bytes.length == 0) ? real.setComplete()
				: real.writeWith(Mono.fromSupplier(() -> real.bufferFactory().wrap(bytes)));
	}

	/**
	 * What is sent and what enters the key.
	 * @param bytes the body in the key (and sent, unless {@code rerun})
	 * @param stream a body too large for the key, sent as it comes
	 * @param bypass whether the cache stays out of this request
	 * @param rerun whether the client's callback runs again against the real request
	 */
	private record Body(byte[] bytes, @Nullable Flux<DataBuffer> stream, boolean bypass, boolean rerun) {

		static final Body RERUN = new Body(NO_BODY, null, false, true);

		static final Body RERUN_UNCACHED = new Body(NO_BODY, null, true, true);

	}

	/** Thrown by the recorder when the callback asks for a native request, which does not exist yet. */
	private static final class NativeRequestUnavailable extends RuntimeException {

		NativeRequestUnavailable() {
			super("no native request while the HTTP cache records the request", null, false, false);
		}

	}

	/** Records what the client's callback writes: headers, cookies, attributes and the body publisher. */
	private static final class RecordingRequest extends AbstractClientHttpRequest {

		private final HttpMethod method;

		private final URI uri;

		volatile @Nullable Flux<DataBuffer> body;

		volatile boolean nativeRequested;

		RecordingRequest(HttpMethod method, URI uri) {
			this.method = method;
			this.uri = uri;
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
		public DataBufferFactory bufferFactory() {
			return DefaultDataBufferFactory.sharedInstance;
		}

		@Override
		public <T> T getNativeRequest() {
			throw new NativeRequestUnavailable();
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			// Not subscribed here: a body that does not enter the key is written once, to the real request.
			return doCommit(() -> {
				this.body = Flux.from(body);
				return Mono.empty();
			});
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return writeWith(Flux.from(body).concatMap(Flux::from));
		}

		@Override
		public Mono<Void> setComplete() {
			return doCommit();
		}

		@Override
		protected void applyHeaders() {
		}

		@Override
		protected void applyCookies() {
		}

	}

	/**
	 * The real request, given the engine's changes to the recorded headers (validators on a
	 * revalidation) when the client's callback commits it.
	 */
	private static final class Adjusted extends ClientHttpRequestDecorator {

		private final Headers recorded;

		private final Headers forwarded;

		Adjusted(ClientHttpRequest delegate, Headers recorded, Headers forwarded) {
			super(delegate);
			this.recorded = recorded;
			this.forwarded = forwarded;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			adjust();
			return super.writeWith(body);
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			adjust();
			return super.writeAndFlushWith(body);
		}

		@Override
		public Mono<Void> setComplete() {
			adjust();
			return super.setComplete();
		}

		private void adjust() {
			if (isCommitted()) {
				return;
			}
			HttpHeaders headers = getHeaders();
			for (String name : this.forwarded.names()) {
				List<String> values = this.forwarded.all(name);
				if (!name.equalsIgnoreCase(HttpHeaders.COOKIE) && !values.equals(this.recorded.all(name))) {
					headers.put(name, values);
				}
			}
			for (String name : this.recorded.names()) {
				if (!name.equalsIgnoreCase(HttpHeaders.COOKIE) && !this.forwarded.contains(name)) {
					headers.remove(name);
				}
			}
		}

	}

	/**
	 * The flow's headers as read-only {@link HttpHeaders}, one map entry per field: the value lists
	 * are already immutable, so they are shared rather than rebuilt value by value (this ran on every
	 * hit and showed in its profile).
	 */
	static HttpHeaders readOnly(Headers headers) {
		HttpHeaders httpHeaders = new HttpHeaders(CollectionUtils
			.toMultiValueMap(new LinkedCaseInsensitiveMap<>(16, Locale.ROOT)));
		headers.forEach(httpHeaders::put);
		return HttpHeaders.readOnlyHttpHeaders(httpHeaders);
	}

	/** The flow's answer as the client's response. */
	private static final class FlowResponse implements ClientHttpResponse {

		private final ReactiveCacheFlow.Response<ClientHttpResponse> response;

		private final HttpHeaders headers;

		FlowResponse(ReactiveCacheFlow.Response<ClientHttpResponse> response) {
			this.response = response;
			this.headers = readOnly(response.headers());
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.status());
		}

		@Override
		public MultiValueMap<String, ResponseCookie> getCookies() {
			ClientHttpResponse source = this.response.source();
			return (source != null) ? source.getCookies() : CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>());
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return this.response.body();
		}

	}

}
