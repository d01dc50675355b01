package io.github.httpcache.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * The entry codec over seeded random input: what it encodes it reads back, and whatever bytes it is
 * given it answers with an entry or a {@link CorruptEntryException}, never anything else. The seed is
 * printed; set {@code -Dcodec.seed=...} to replay a failure.
 */
class CacheEntryCodecTests {

	private static final int RUNS = 500;

	private final CacheEntryCodec codec = new CacheEntryCodec();

	private Random random;

	private long seed;

	@BeforeEach
	void seed() {
		this.seed = Long.getLong("codec.seed", System.nanoTime());
		System.out.println("CacheEntryCodecTests seed: " + this.seed + " (replay with -Dcodec.seed=" + this.seed + ")");
		this.random = new Random(this.seed);
	}

	@Test
	void everyEntryRoundTrips() {
		for (int i = 0; i < RUNS; i++) {
			CacheEntry entry = randomEntry();
			CacheEntry decoded = this.codec.decode(this.codec.encode(entry));
			assertThat(decoded).as("seed %d, run %d", this.seed, i).isEqualTo(entry);
		}
	}

	@Test
	void randomBytesReadAsCorruptEntries() {
		for (int i = 0; i < RUNS; i++) {
			byte[] bytes = new byte[this.random.nextInt(300)];
			this.random.nextBytes(bytes);
			if (this.random.nextBoolean() && bytes.length > 4) {
				bytes[0] = 'H';
				bytes[1] = 'C';
				bytes[2] = CacheEntryCodec.VERSION;
				bytes[3] = (byte) this.random.nextInt(2);
			}
			decodesOrFailsAsCorrupt(bytes, i);
		}
	}

	@Test
	void everyTruncationReadsAsACorruptEntry() {
		for (int i = 0; i < 40; i++) {
			byte[] encoded = this.codec.encode(randomEntry());
			// Every cut through the header fields, then a sample of cuts through the rest.
			for (int cut = 0; cut < Math.min(encoded.length, 400) + 40; cut++) {
				int length = (cut < 400) ? cut : this.random.nextInt(encoded.length);
				if (length >= encoded.length) {
					continue;
				}
				try {
					this.codec.decode(Arrays.copyOf(encoded, length));
					fail("seed " + this.seed + ": an entry cut at " + length + " of " + encoded.length + " bytes decoded");
				}
				catch (CorruptEntryException ex) {
					// expected
				}
			}
		}
	}

	@Test
	void flippedBytesNeverThrowAnythingButCorruptEntry() {
		for (int i = 0; i < RUNS; i++) {
			byte[] encoded = this.codec.encode(randomEntry());
			for (int flips = 1 + this.random.nextInt(4); flips > 0; flips--) {
				encoded[this.random.nextInt(encoded.length)] ^= (byte) (1 + this.random.nextInt(255));
			}
			decodesOrFailsAsCorrupt(encoded, i);
		}
	}

	@Test
	void otherVersionsAndForeignValuesReadAsCorruptEntries() {
		byte[] encoded = this.codec.encode(randomEntry());
		for (byte version : new byte[] { 0, 1, 4, 127, -1 }) {
			byte[] other = encoded.clone();
			other[2] = version;
			assertThatExceptionOfType(CorruptEntryException.class).isThrownBy(() -> this.codec.decode(other))
				.withMessageContaining("version");
		}
		for (String foreign : new String[] { "", "H", "HC", "{\"status\":200}", "\u00ac\u00ed\u0000\u0005sr" }) {
			assertThatExceptionOfType(CorruptEntryException.class)
				.isThrownBy(() -> this.codec.decode(foreign.getBytes(StandardCharsets.ISO_8859_1)));
		}
	}

	@Test
	void valuesOfThePreviousVersionAreStillRead() {
		for (int i = 0; i < 50; i++) {
			CacheEntry entry = randomEntry();
			assertThat(this.codec.decode(encodeVersion2(entry))).isEqualTo(entry);
		}
		CacheEntry large = entry(json(64 * 1024));
		assertThat(this.codec.decode(encodeVersion2(large))).isEqualTo(large);
	}

	@Test
	void theHeadIsTheValueUpToItsBodySection() {
		CacheEntry entry = entry(json(64 * 1024));
		byte[] value = this.codec.encode(entry);
		byte[] head = this.codec.encodeHead(entry);
		assertThat(head.length).isEqualTo(CacheEntryCodec.HEAD_OFFSET + java.nio.ByteBuffer.wrap(value, 3, 4).getInt());
		assertThat(Arrays.copyOf(value, head.length)).isEqualTo(head);
	}

	/** The flags byte: the first of the body section, after the head. */
	private static byte flags(byte[] value) {
		return value[CacheEntryCodec.HEAD_OFFSET + java.nio.ByteBuffer.wrap(value, 3, 4).getInt()];
	}

	/** An entry as the previous release wrote it (version 2: flags after the version, no head length). */
	static byte[] encodeVersion2(CacheEntry entry) {
		byte[] current = new CacheEntryCodec().encode(entry);
		int headLength = java.nio.ByteBuffer.wrap(current, 3, 4).getInt();
		int bodyAt = CacheEntryCodec.HEAD_OFFSET + headLength;
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		out.write('H');
		out.write('C');
		out.write(2);
		out.write(current[bodyAt]);
		out.write(current, CacheEntryCodec.HEAD_OFFSET, headLength);
		out.write(current, bodyAt + 1, current.length - bodyAt - 1);
		return out.toByteArray();
	}

	@Test
	void compressibleBodiesAreStoredDeflatedAndIncompressibleOnesAsTheyAre() {
		byte[] json = json(64 * 1024);
		byte[] noise = new byte[64 * 1024];
		this.random.nextBytes(noise);
		byte[] storedJson = this.codec.encode(entry(json));
		byte[] storedNoise = this.codec.encode(entry(noise));
		assertThat(flags(storedJson)).isEqualTo((byte) CacheEntryCodec.FLAG_DEFLATED);
		assertThat(storedJson.length).isLessThan(json.length / 2);
		assertThat(flags(storedNoise)).isZero();
		assertThat(storedNoise.length).isBetween(noise.length, noise.length + 512);
		assertThat(this.codec.decode(storedJson).body()).isEqualTo(json);
	}

	/**
	 * Inflaters are reused from one decode to the next: one left mid-stream by a damaged compressed body
	 * must not spoil the next decode, on this thread or another.
	 */
	@Test
	void aDamagedCompressedBodyDoesNotSpoilTheNextDecode() throws Exception {
		byte[] json = json(64 * 1024);
		byte[] stored = this.codec.encode(entry(json));
		for (int i = 0; i < 50; i++) {
			byte[] damaged = stored.clone();
			damaged[damaged.length - 1 - this.random.nextInt(damaged.length / 4)] ^= (byte) (1 + this.random.nextInt(255));
			decodesOrFailsAsCorrupt(damaged, i);
			assertThat(this.codec.decode(stored).body()).isEqualTo(json);
		}
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			java.util.List<java.util.concurrent.Future<byte[]>> decoded = new java.util.ArrayList<>();
			for (int i = 0; i < 200; i++) {
				decoded.add(pool.submit(() -> this.codec.decode(stored).body()));
			}
			for (java.util.concurrent.Future<byte[]> body : decoded) {
				assertThat(body.get()).isEqualTo(json);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * What a typical JSON entry costs in Redis: uncompressed, the body plus a head of a few hundred
	 * bytes (key, URL, headers, times); compressed, never more than that, and a 64 KiB body well under
	 * half its size.
	 */
	@Test
	void typicalJsonBodiesCostTheBodyPlusASmallHeadAndLessWhenDeflated() {
		for (int size : new int[] { 1024, 64 * 1024 }) {
			byte[] body = json(size);
			int stored = this.codec.encode(entry(body)).length;
			int uncompressed = new CacheEntryCodec(Integer.MAX_VALUE).encode(entry(body)).length;
			assertThat(uncompressed).as("%d-byte body, uncompressed", size).isBetween(body.length, body.length + 512);
			assertThat(stored).as("%d-byte body, as stored", size).isLessThanOrEqualTo(uncompressed);
			if (size > 1024) {
				assertThat(stored).as("%d-byte body, as stored", size).isLessThan(body.length / 2);
			}
		}
	}

	private void decodesOrFailsAsCorrupt(byte[] bytes, int run) {
		try {
			this.codec.decode(bytes);
		}
		catch (CorruptEntryException ex) {
			// expected for nearly every input
		}
		catch (Throwable ex) {
			fail("seed " + this.seed + ", run " + run + ": decode threw " + ex, ex);
		}
	}

	/** A JSON array of user-like records, about {@code size} bytes long. */
	static byte[] json(int size) {
		StringBuilder json = new StringBuilder("[");
		Random random = new Random(size);
		for (int id = 1; json.length() < size - 120; id++) {
			json.append((id > 1) ? "," : "")
				.append("{\"id\":")
				.append(id)
				.append(",\"name\":\"user-")
				.append(Long.toHexString(random.nextLong()))
				.append("\",\"email\":\"u")
				.append(id)
				.append("@example.com\",\"active\":")
				.append(random.nextBoolean())
				.append(",\"score\":")
				.append(random.nextInt(100000))
				.append('}');
		}
		while (json.length() < size - 1) {
			json.append(' ');
		}
		return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
	}

	/** A typical stored JSON response: a request key and URL digest, a handful of response headers. */
	static CacheEntry entry(byte[] body) {
		Instant now = Instant.parse("2026-11-25T12:00:00Z");
		Headers headers = Headers.of("Content-Type", "application/json", "Date", "Wed, 25 Nov 2026 12:00:00 GMT",
				"ETag", "\"5f3a9c\"", "Cache-Control", "max-age=600", "Content-Length", Integer.toString(body.length));
		return new CacheEntry("Zq3sX0m2Q0bJ7oX7y9c1mU5w2bq4sZ1Qm8pR3tT6vW0", "https://api.example.com/users?page=1", "GET",
				200, headers, body, Headers.empty(), now, now, now.plusSeconds(600), now);
	}

	private CacheEntry randomEntry() {
		Instant requestTime = Instant.ofEpochMilli(this.random.nextLong(0, 4_000_000_000_000L));
		Instant responseTime = requestTime.plusMillis(this.random.nextInt(5000));
		Instant expires = this.random.nextBoolean() ? responseTime.plusSeconds(this.random.nextInt(100_000)) : null;
		byte[] body = switch (this.random.nextInt(4)) {
			case 0 -> new byte[0];
			case 1 -> randomBytes(this.random.nextInt(2048));
			case 2 -> json(600 + this.random.nextInt(8000));
			default -> randomText(this.random.nextInt(3000)).getBytes(StandardCharsets.UTF_8);
		};
		return new CacheEntry(randomText(43), "https://example.com/" + randomText(this.random.nextInt(40)),
				this.random.nextBoolean() ? "GET" : "HEAD", 100 + this.random.nextInt(500), randomHeaders(), body,
				randomHeaders(), requestTime, responseTime, expires, requestTime.minusSeconds(this.random.nextInt(1000)));
	}

	private Headers randomHeaders() {
		Headers.Builder headers = Headers.builder();
		for (int i = this.random.nextInt(6); i > 0; i--) {
			String name = "X-" + randomText(1 + this.random.nextInt(10));
			for (int j = 1 + this.random.nextInt(3); j > 0; j--) {
				headers.add(name, randomText(this.random.nextInt(30)));
			}
		}
		return headers.build();
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	/** Text with ASCII, accented, CJK and astral characters, so UTF-8 lengths differ from char counts. */
	private String randomText(int length) {
		String alphabet = "abcXYZ019 -_~éü中文\uD83D\uDE00";
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			int i = this.random.nextInt(alphabet.length() - 1);
			if (Character.isHighSurrogate(alphabet.charAt(i))) {
				text.append(alphabet, i, i + 2);
			}
			else if (!Character.isLowSurrogate(alphabet.charAt(i))) {
				text.append(alphabet.charAt(i));
			}
		}
		return text.toString();
	}

}
