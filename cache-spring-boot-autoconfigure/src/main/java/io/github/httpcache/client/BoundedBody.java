package io.github.httpcache.client;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * A response body read up to a limit: either all of it, copied out and released, or, once it runs past
 * the limit, the buffers read so far followed by the rest of the stream, untouched, for the caller to
 * consume. Only {@code limit} bytes (plus one buffer) are ever held.
 */
final class BoundedBody {

	private final byte @Nullable [] bytes;

	private final @Nullable Flux<DataBuffer> stream;

	private BoundedBody(byte @Nullable [] bytes, @Nullable Flux<DataBuffer> stream) {
		this.bytes = bytes;
		this.stream = stream;
	}

	/**
	 * Reads the body until it ends or passes {@code limit} bytes.
	 * @param body the body as it arrives
	 * @param limit the most bytes to hold
	 * @return the complete body, or the stream of a body too large to hold
	 */
	static Mono<BoundedBody> read(Flux<DataBuffer> body, long limit) {
		return Flux.defer(() -> {
			long[] size = { 0 };
			return body.bufferUntil((buffer) -> (size[0] += buffer.readableByteCount()) > limit);
		}).switchOnFirst((first, chunks) -> {
			if (first.isOnError()) {
				return Mono.error(first.getThrowable());
			}
			List<DataBuffer> head = first.get();
			if (head == null) {
				// The body was empty.
				return Mono.just(new BoundedBody(new byte[0], null));
			}
			if (size(head) <= limit) {
				// bufferUntil only lets a chunk go early when it passes the limit: this is the whole body.
				return Mono.just(new BoundedBody(copyAndRelease(head), null));
			}
			// Too large: hand the caller what was read followed by the rest, as it comes.
			Flux<DataBuffer> stream = chunks.concatMapIterable(Function.identity())
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release);
			return Mono.just(new BoundedBody(null, stream));
		}, false).doOnDiscard(DataBuffer.class, DataBufferUtils::release).single();
	}

	boolean tooLarge() {
		return this.stream != null;
	}

	byte[] bytes() {
		if (this.bytes == null) {
			throw new IllegalStateException("body too large to hold");
		}
		return this.bytes;
	}

	Flux<DataBuffer> stream() {
		if (this.stream == null) {
			throw new IllegalStateException("body was read whole");
		}
		return this.stream;
	}

	private static long size(List<DataBuffer> buffers) {
		long size = 0;
		for (DataBuffer buffer : buffers) {
			size += buffer.readableByteCount();
		}
		return size;
	}

	private static byte[] copyAndRelease(List<DataBuffer> buffers) {
		byte[] bytes = new byte[(int) size(buffers)];
		int offset = 0;
		for (DataBuffer buffer : buffers) {
			int count = buffer.readableByteCount();
			buffer.read(bytes, offset, count);
			offset += count;
			DataBufferUtils.release(buffer);
		}
		return bytes;
	}

}
