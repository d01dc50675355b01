package io.github.httpcache.internal.store;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * The codec's bounds, as a seeded property: whatever lengths, counts and sizes a value claims (crafted
 * in every length field of real entries, and deflate bombs), decoding answers with an entry or a
 * {@link CorruptEntryException}, and never allocates more than the largest body plus a bounded multiple
 * of the value's own length. The seed is printed; set {@code -Dcodec.seed=...} to replay a failure.
 */
class CacheEntryCodecBoundsTests {

	private static final int MAX_BODY = 64 * 1024;

	/** Lengths an attacker or a corrupt value might claim. */
	private static final int[] CRAFTED = { Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 1, MAX_BODY, MAX_BODY + 1,
			1 << 20, 1 << 24, 1 << 30, CacheEntryCodec.MAX_HEADER_BYTES, CacheEntryCodec.MAX_HEADER_BYTES + 1, 10_000,
			10_001 };

	private final CacheEntryCodec codec = new CacheEntryCodec(CacheEntryCodec.DEFAULT_COMPRESSION_THRESHOLD, MAX_BODY);

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private Random random;

	private long seed;

	@BeforeEach
	void seed() {
		this.seed = Long.getLong("codec.seed", System.nanoTime());
		System.out.println("CacheEntryCodecBoundsTests seed: " + this.seed + " (replay with -Dcodec.seed=" + this.seed + ")");
		this.random = new Random(this.seed);
	}

	@Test
	void craftedLengthsInEveryLengthFieldNeverAllocateMoreThanTheLargestBodyPlusTheValue() {
		int runs = 0;
		for (int i = 0; i < 60; i++) {
			byte[] encoded = this.codec.encode(randomEntry());
			List<Integer> fields = lengthFields(encoded);
			for (int field : fields) {
				for (int crafted : CRAFTED) {
					decodeWithinBounds(withInt(encoded, field, crafted), "field at " + field + " = " + crafted);
					runs++;
				}
				decodeWithinBounds(withInt(encoded, field, this.random.nextInt()), "field at " + field + " random");
			}
		}
		System.out.println("CacheEntryCodecBoundsTests: " + runs + " crafted values decoded within bounds");
	}

	@Test
	void craftedLengthsAnywhereNeverAllocateMoreThanTheLargestBodyPlusTheValue() {
		for (int i = 0; i < 3000; i++) {
			byte[] encoded = this.codec.encode(randomEntry());
			int at = this.random.nextInt(encoded.length - 3);
			decodeWithinBounds(withInt(encoded, at, CRAFTED[this.random.nextInt(CRAFTED.length)]), "run " + i + " at " + at);
		}
	}

	@Test
	void deflateBombIsRefusedBeforeInflating() {
		byte[] zeros = new byte[64 * 1024 * 1024];
		byte[] bomb = deflate(zeros);
		byte[] claimsItAll = deflatedValue(zeros.length, bomb);
		long allocated = decodeWithinBounds(claimsItAll, "a 64 MiB bomb");
		assertThatExceptionOfType(CorruptEntryException.class).isThrownBy(() -> this.codec.decode(claimsItAll))
			.withMessageContaining("largest body");
		System.out.printf("CacheEntryCodecBoundsTests: a %d-byte value claiming a 64 MiB body allocated %d bytes%n",
				claimsItAll.length, allocated);
		assertThat(allocated).isLessThan(4L * 1024 * 1024);
		// Claiming a length within bounds does not help: inflating stops there.
		byte[] claimsLittle = deflatedValue(MAX_BODY, bomb);
		decodeWithinBounds(claimsLittle, "a bomb claiming the largest body");
		assertThatExceptionOfType(CorruptEntryException.class).isThrownBy(() -> this.codec.decode(claimsLittle))
			.withMessageContaining("does not match its length");
	}

	@Test
	void aBodyLongerThanTheLargestBodyIsCorrupt() {
		byte[] body = new byte[MAX_BODY + 1];
		this.random.nextBytes(body);
		byte[] encoded = new CacheEntryCodec(Integer.MAX_VALUE, Long.MAX_VALUE).encode(entry(200, body));
		assertThatExceptionOfType(CorruptEntryException.class).isThrownBy(() -> this.codec.decode(encoded))
			.withMessageContaining("largest body");
		assertThat(this.codec.decode(new CacheEntryCodec().encode(entry(200, new byte[MAX_BODY]))).body()).hasSize(MAX_BODY);
	}

	@Test
	void aStatusOutside100To999IsCorrupt() {
		byte[] encoded = this.codec.encode(entry(200, new byte[] { 1 }));
		for (int status : new int[] { 0, 1, 99, 1000, 4040, 65535 }) {
			assertThatExceptionOfType(CorruptEntryException.class)
				.isThrownBy(() -> this.codec.decode(withStatus(encoded, status)))
				.withMessageContaining("status " + status);
		}
		for (int status : new int[] { 100, 200, 599, 999 }) {
			assertThat(this.codec.decode(withStatus(encoded, status)).status()).isEqualTo(status);
		}
	}

	/** Decodes, allowing only an entry or a corrupt-entry failure, and returns the bytes allocated doing it. */
	private long decodeWithinBounds(byte[] value, String what) {
		long thread = Thread.currentThread().getId();
		long before = this.threads.getThreadAllocatedBytes(thread);
		try {
			this.codec.decode(value);
		}
		catch (CorruptEntryException ex) {
			// expected for nearly every crafted value
		}
		catch (Throwable ex) {
			fail("seed " + this.seed + ", " + what + ": decode threw " + ex, ex);
		}
		long allocated = this.threads.getThreadAllocatedBytes(thread) - before;
		// Strings are copied (bytes, then a String) and each header costs a few small objects: a bounded
		// multiple of the value's length, plus at most the largest body, plus slack for the measurement.
		long bound = MAX_BODY + 64L * value.length + 2L * 1024 * 1024;
		assertThat(allocated).as("seed %d, %s: bytes allocated for a %d-byte value", this.seed, what, value.length)
			.isLessThanOrEqualTo(bound);
		return allocated;
	}

	/** Offsets of every length and count field of an encoded entry, found by walking its layout. */
	static List<Integer> lengthFields(byte[] encoded) {
		List<Integer> fields = new ArrayList<>();
		ByteBuffer in = ByteBuffer.wrap(encoded);
		fields.add(3);
		in.position(CacheEntryCodec.HEAD_OFFSET);
		for (int i = 0; i < 3; i++) {
			fields.add(in.position());
			in.position(in.position() + 4 + in.getInt());
		}
		in.position(in.position() + 2 + 4 * 8);
		for (int h = 0; h < 2; h++) {
			fields.add(in.position());
			int count = in.getInt();
			for (int n = 0; n < count; n++) {
				fields.add(in.position());
				in.position(in.position() + 4 + in.getInt());
				fields.add(in.position());
				int values = in.getInt();
				for (int v = 0; v < values; v++) {
					fields.add(in.position());
					in.position(in.position() + 4 + in.getInt());
				}
			}
		}
		// The body section: flags, then the body's length (and the deflated length).
		int flags = in.position();
		fields.add(flags + 1);
		if ((encoded[flags] & CacheEntryCodec.FLAG_DEFLATED) != 0) {
			fields.add(flags + 5);
		}
		return fields;
	}

	/** An encoded entry with its status replaced (any 16-bit value). */
	static byte[] withStatus(byte[] encoded, int status) {
		ByteBuffer in = ByteBuffer.wrap(encoded);
		in.position(CacheEntryCodec.HEAD_OFFSET);
		for (int i = 0; i < 3; i++) {
			in.position(in.position() + 4 + in.getInt());
		}
		byte[] patched = encoded.clone();
		ByteBuffer.wrap(patched).putShort(in.position(), (short) status);
		return patched;
	}

	private static byte[] withInt(byte[] encoded, int at, int value) {
		byte[] patched = encoded.clone();
		ByteBuffer.wrap(patched).putInt(at, value);
		return patched;
	}

	/** A well-formed value whose body is the given zlib stream claiming the given length. */
	private byte[] deflatedValue(int claimedLength, byte[] deflated) {
		byte[] plain = this.codec.encode(entry(200, new byte[0]));
		// The head, then a body section of flags, claimed length, deflated length and the stream.
		byte[] head = java.util.Arrays.copyOf(plain, plain.length - 5);
		ByteBuffer value = ByteBuffer.allocate(head.length + 9 + deflated.length);
		value.put(head).put((byte) CacheEntryCodec.FLAG_DEFLATED).putInt(claimedLength).putInt(deflated.length).put(deflated);
		return value.array();
	}

	private static byte[] deflate(byte[] bytes) {
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
		deflater.setInput(bytes);
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	private static CacheEntry entry(int status, byte[] body) {
		Instant now = Instant.parse("2026-11-25T12:00:00Z");
		return new CacheEntry("request-key", "https://api.example.com/users", "GET", status,
				Headers.of("Content-Type", "application/json", "ETag", "\"1\""), body, Headers.empty(), now, now,
				now.plusSeconds(600), now);
	}

	private CacheEntry randomEntry() {
		byte[] body = switch (this.random.nextInt(3)) {
			case 0 -> new byte[0];
			case 1 -> {
				byte[] noise = new byte[this.random.nextInt(2048)];
				this.random.nextBytes(noise);
				yield noise;
			}
			default -> CacheEntryCodecTests.json(600 + this.random.nextInt(8000));
		};
		Headers.Builder headers = Headers.builder();
		for (int i = this.random.nextInt(5); i > 0; i--) {
			for (int j = 1 + this.random.nextInt(2); j > 0; j--) {
				headers.add("X-H" + i, "v" + this.random.nextInt(1000));
			}
		}
		Headers vary = this.random.nextBoolean() ? Headers.of("accept-language", "en") : Headers.empty();
		Instant now = Instant.ofEpochMilli(this.random.nextLong(0, 4_000_000_000_000L));
		return new CacheEntry("k" + this.random.nextInt(), "https://example.com/" + this.random.nextInt(), "GET",
				100 + this.random.nextInt(900), headers.build(), body, vary, now, now, now.plusSeconds(60), now);
	}

}
