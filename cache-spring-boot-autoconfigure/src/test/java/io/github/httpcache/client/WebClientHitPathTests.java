package io.github.httpcache.client;

import java.time.Duration;
import java.util.List;

import io.github.httpcache.core.Headers;
import io.github.httpcache.core.ResponseData;
import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a WebClient hit costs beyond building its response: no thread hop on a store that answers in
 * place, the stored body handed over without a copy, the headers converted once.
 */
class WebClientHitPathTests {

	private TestOrigin origin;

	@BeforeEach
	void start() {
		this.origin = TestOrigin.start().otherwise((request) -> Reply.ok("body of " + request.uri()));
	}

	@AfterEach
	void stop() {
		this.origin.close();
	}

	@Test
	void memoryHitCompletesOnTheSubscribingThread() {
		CacheContexts.withoutStore().withPropertyValues("http.cache.store=memory").run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			String url = this.origin.url("/in-place");
			client.get().uri(url).retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
			Thread caller = Thread.currentThread();
			Thread answered = client.get()
				.uri(url)
				.exchangeToMono((response) -> {
					assertThat(response.headers().header("Cache-Status")).containsExactly("http-cache; hit");
					return response.releaseBody().then(Mono.fromSupplier(Thread::currentThread));
				})
				.block(Duration.ofSeconds(30));
			assertThat(answered).isSameAs(caller);
			assertThat(this.origin.requestCount()).isEqualTo(1);
		});
	}

	@Test
	void storedBodyIsWrappedNotCopied() {
		byte[] stored = "stored body".getBytes();
		ResponseData data = new ResponseData(200, Headers.of("Content-Type", "text/plain"), stored);
		DataBuffer buffer = ReactiveCacheFlow.Response.of(data, null).body().single().block();
		assertThat(buffer.readableByteCount()).isEqualTo(stored.length);
		assertThat(buffer).isInstanceOf(DefaultDataBuffer.class);
		assertThat(((DefaultDataBuffer) buffer).getNativeBuffer().array()).isSameAs(stored);
	}

	@Test
	void headersAreConvertedOnceKeepingOrderValuesAndCase() {
		Headers headers = Headers.builder()
			.add("Content-Type", "text/plain")
			.add("Vary", "Accept")
			.add("vary", "Accept-Language")
			.add("Cache-Status", "http-cache; hit")
			.build();
		HttpHeaders converted = CachingClientHttpConnector.readOnly(headers);
		assertThat(converted.headerNames()).containsExactly("Content-Type", "Vary", "Cache-Status");
		assertThat(converted.get("VARY")).isEqualTo(List.of("Accept", "Accept-Language"));
		assertThat(converted.getFirst("cache-status")).isEqualTo("http-cache; hit");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> converted.add("X", "y"));
	}

}
