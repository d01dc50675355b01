package io.github.httpcache.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * The versioned binary form of a {@link CacheEntry}. Version 3, field by field:
 *
 * <pre>
 * 'H' 'C' 0x03                      magic and version
 * i32 head length                   the bytes of the head that follows, so the body can be found
 *                                   (and kept) without reading the head: a 304 rewrites the head only
 * head:
 * str requestKey, str url, str method
 * u16 status
 * i64 requestTime, i64 responseTime, i64 created (epoch millis)
 * i64 expires (epoch millis; Long.MIN_VALUE = never)
 * headers response headers: i32 count, then per field str name, i32 n, n x str value
 * headers vary values (same layout)
 * body:
 * u8  flags                         bit 0: the body is zlib-deflated
 * i32 body length, then either the body bytes, or (deflated) i32 stored length and the zlib stream
 * </pre>
 *
 * where {@code str} is an i32 length and UTF-8 bytes. For example a 200 with one header and body
 * {@code {}} stored at 2026-11-25T12:00:00Z for ten minutes reads: {@code 48 43 02}, flags {@code 00},
 * the keys, {@code 00C8}, three timestamps {@code 0000019AB...}, expires +600000, {@code 1} header
 * ({@code Content-Type}: {@code application/json}), {@code 0} vary values, {@code 2} body bytes
 * {@code 7B7D}.
 * <p>
 * Bodies of at least {@link #DEFAULT_COMPRESSION_THRESHOLD} bytes are deflated when that saves at
 * least an eighth of them (JSON and HTML typically shrink to a quarter; images and already-compressed
 * bodies do not shrink and are stored as they are). The zlib stream carries an Adler-32 checksum, so
 * a damaged compressed body is detected rather than served.
 * <p>
 * Decoding is defensive: truncated, corrupt, foreign or other-version bytes raise
 * {@link CorruptEntryException} and nothing else, which stores turn into a logged miss and a delete.
 * Version 2 entries (the previous release: the flags byte after the version, no head length, the body
 * right after the head) are still read. Version 1 entries read as misses and are replaced on the next
 * store.
 * Whatever the bytes claim, decoding never allocates more than the largest body
 * ({@code max-entry-size}) plus a bounded multiple of the value's own length: every length is checked
 * against what is left of the value before anything is allocated, the strings together may take at
 * most {@link #MAX_HEADER_BYTES}, a body (stored or inflated) longer than the largest body is refused
 * before it is read or inflated, and a status outside 100-999 (which no client could return) is
 * corrupt.
 */
public final class CacheEntryCodec {

	static final byte MAGIC_0 = 'H';

	static final byte MAGIC_1 = 'C';

	static final byte VERSION = 3;

	/** The previous version, still read. */
	static final byte VERSION_2 = 2;

	/** Bytes before the head: magic, version and the head's length. */
	static final int HEAD_OFFSET = 7;

	/** Smallest body worth trying to compress: below it, deflate's own overhead eats the savings. */
	public static final int DEFAULT_COMPRESSION_THRESHOLD = 512;

	static final int FLAG_DEFLATED = 1;

	private static final long NEVER = Long.MIN_VALUE;

	/**
	 * Inflaters kept for the next hit, reset after each use: creating one per hit allocates and frees
	 * zlib's native state every time. A small shared pool rather than one per thread, so that virtual
	 * threads (one per request) do not each leave one behind for the garbage collector to free.
	 */
	/** Deflaters kept for the next write, as {@link #INFLATERS}: zlib's deflate state is larger still. */
	private static final java.util.concurrent.ArrayBlockingQueue<Deflater> DEFLATERS = new java.util.concurrent.ArrayBlockingQueue<>(
			2 * Runtime.getRuntime().availableProcessors());

	private static final java.util.concurrent.ArrayBlockingQueue<Inflater> INFLATERS = new java.util.concurrent.ArrayBlockingQueue<>(
			2 * Runtime.getRuntime().availableProcessors());

	/** Upper bound on counts read from untrusted bytes, so a corrupt count cannot allocate gigabytes. */
	private static final int MAX_FIELDS = 10_000;

	/** Deflate cannot expand data by more than about 1032:1, so a larger claimed size is a lie. */
	private static final long MAX_INFLATION_RATIO = 1032;

	/** The default largest body: {@code http.cache.max-entry-size}'s default. */
	public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;

	/**
	 * Largest total of the strings of one entry (keys, URL, method, header names and values): far above
	 * what any HTTP client accepts in a response head (8 to 64 KiB), and a bound on what a value that
	 * claims more can make the decoder allocate.
	 */
	public static final int MAX_HEADER_BYTES = 1024 * 1024;

	private final int compressionThreshold;

	private final long maxBodySize;

	/** A codec that compresses bodies of {@link #DEFAULT_COMPRESSION_THRESHOLD} bytes or more. */
	public CacheEntryCodec() {
		this(DEFAULT_COMPRESSION_THRESHOLD);
	}

	/**
	 * A codec that compresses bodies of {@code compressionThreshold} bytes or more when it pays.
	 * @param compressionThreshold smallest body to try to compress; {@link Integer#MAX_VALUE} for never
	 */
	public CacheEntryCodec(int compressionThreshold) {
		this(compressionThreshold, DEFAULT_MAX_BODY_SIZE);
	}

	/**
	 * A codec that compresses bodies of {@code compressionThreshold} bytes or more when it pays, and
	 * reads no body longer than {@code maxBodySize}.
	 * @param compressionThreshold smallest body to try to compress; {@link Integer#MAX_VALUE} for never
	 * @param maxBodySize the largest body a value may hold ({@code http.cache.max-entry-size}); a value
	 * that claims a longer one is corrupt
	 */
	public CacheEntryCodec(int compressionThreshold, long maxBodySize) {
		if (compressionThreshold < 0) {
			throw new IllegalArgumentException("'compressionThreshold' must not be negative");
		}
		if (maxBodySize < 0) {
			throw new IllegalArgumentException("'maxBodySize' must not be negative");
		}
		this.compressionThreshold = compressionThreshold;
		this.maxBodySize = Math.min(maxBodySize, Integer.MAX_VALUE - 16);
	}

	/** The largest body this codec reads. */
	public long maxBodySize() {
		return this.maxBodySize;
	}

	public byte[] encode(CacheEntry entry) {
		byte[] body = entry.body();
		byte[] deflated = (body.length >= this.compressionThreshold) ? deflateIfItPays(body) : null;
		Output out = new Output(((deflated != null) ? deflated.length : body.length) + 512);
		writeHead(out, entry);
		try {
			out.data.writeByte((deflated != null) ? FLAG_DEFLATED : 0);
			out.data.writeInt(body.length);
			if (deflated != null) {
				out.data.writeInt(deflated.length);
				out.data.write(deflated);
			}
			else {
				out.data.write(body);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.bytes.toByteArray();
	}

	/**
	 * The entry's magic, version and head, without its body: what a store writes in front of the body it
	 * already holds when a 304 freshens an entry (RFC 9111 §4.3.4), so the body is neither encoded,
	 * compressed nor sent again.
	 * @param entry the freshened entry
	 * @return the bytes that precede the body section of {@link #encode}
	 */
	public byte[] encodeHead(CacheEntry entry) {
		Output out = new Output(512);
		writeHead(out, entry);
		return out.bytes.toByteArray();
	}

	private static final class Output {

		final ByteArrayOutputStream bytes;

		final DataOutputStream data;

		Output(int size) {
			this.bytes = new ByteArrayOutputStream(size);
			this.data = new DataOutputStream(this.bytes);
		}

	}

	private static void writeHead(Output out, CacheEntry entry) {
		try {
			out.data.writeByte(MAGIC_0);
			out.data.writeByte(MAGIC_1);
			out.data.writeByte(VERSION);
			out.data.writeInt(0);
			int start = out.data.size();
			writeString(out.data, entry.requestKey());
			writeString(out.data, entry.url());
			writeString(out.data, entry.method());
			out.data.writeShort(entry.status());
			out.data.writeLong(entry.requestTime().toEpochMilli());
			out.data.writeLong(entry.responseTime().toEpochMilli());
			out.data.writeLong(entry.created().toEpochMilli());
			out.data.writeLong((entry.expires() != null) ? entry.expires().toEpochMilli() : NEVER);
			writeHeaders(out.data, entry.headers());
			writeHeaders(out.data, entry.varyValues());
			out.data.flush();
			int length = out.data.size() - start;
			byte[] written = out.bytes.toByteArray();
			// Patch the head's length in place: rewrite the stream with it (heads are small).
			written[3] = (byte) (length >>> 24);
			written[4] = (byte) (length >>> 16);
			written[5] = (byte) (length >>> 8);
			written[6] = (byte) length;
			out.bytes.reset();
			out.bytes.write(written);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads an entry back.
	 * @param bytes what {@link #encode} wrote, or anything else
	 * @return the entry
	 * @throws CorruptEntryException when the bytes are not a complete entry of this version; never
	 * any other exception
	 */
	public CacheEntry decode(byte[] bytes) {
		try {
			ByteBuffer in = ByteBuffer.wrap(bytes);
			if (bytes.length < 4 || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
				throw new CorruptEntryException("not an entry of ours (bad magic)");
			}
			byte version = in.get();
			if (version != VERSION && version != VERSION_2) {
				throw new CorruptEntryException("unsupported entry version " + version);
			}
			int flags = (version == VERSION_2) ? readFlags(in) : 0;
			int bodyAt = -1;
			if (version == VERSION) {
				int headLength = in.getInt();
				if (headLength < 0 || headLength > in.remaining()) {
					throw new CorruptEntryException("head length " + headLength + " runs past the end of the entry");
				}
				bodyAt = in.position() + headLength;
			}
			int[] budget = { MAX_HEADER_BYTES };
			String requestKey = readString(in, budget);
			String url = readString(in, budget);
			String method = readString(in, budget);
			if (method.isEmpty() || !method.chars().allMatch((c) -> c > 0x20 && c < 0x7F)) {
				throw new CorruptEntryException("not a method");
			}
			int status = in.getShort() & 0xFFFF;
			if (status < 100 || status > 999) {
				// HttpStatusCode.valueOf and the clients reject it: it must never reach the adapters.
				throw new CorruptEntryException("status " + status + " is not a three-digit status code");
			}
			Instant requestTime = Instant.ofEpochMilli(in.getLong());
			Instant responseTime = Instant.ofEpochMilli(in.getLong());
			Instant created = Instant.ofEpochMilli(in.getLong());
			long expires = in.getLong();
			Headers headers = readHeaders(in, budget);
			Headers varyValues = readHeaders(in, budget);
			if (version == VERSION) {
				if (in.position() != bodyAt) {
					throw new CorruptEntryException("the head does not end where its length says");
				}
				flags = readFlags(in);
			}
			byte[] body = ((flags & FLAG_DEFLATED) != 0) ? readDeflated(in) : readBody(in);
			if (in.hasRemaining()) {
				throw new CorruptEntryException("trailing bytes after the body");
			}
			return new CacheEntry(requestKey, url, method, status, headers, body, varyValues, requestTime, responseTime,
					(expires != NEVER) ? Instant.ofEpochMilli(expires) : null, created);
		}
		catch (CorruptEntryException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// BufferUnderflowException, DateTimeException, ...: whatever the bytes did, it is not an entry.
			throw new CorruptEntryException("truncated or corrupt entry", ex);
		}
	}

	private static int readFlags(ByteBuffer in) {
		int flags = in.get();
		if ((flags & ~FLAG_DEFLATED) != 0) {
			throw new CorruptEntryException("unknown flags " + flags);
		}
		return flags;
	}

	/** The body deflated, or {@code null} when deflating does not save at least an eighth. */
	static byte[] deflateIfItPays(byte[] body) {
		Deflater polled = DEFLATERS.poll();
		Deflater deflater = (polled != null) ? polled : new Deflater(Deflater.BEST_SPEED);
		try {
			deflater.setInput(body);
			deflater.finish();
			int budget = body.length - body.length / 8;
			byte[] out = new byte[budget];
			int length = 0;
			while (!deflater.finished()) {
				if (length == budget) {
					return null;
				}
				length += deflater.deflate(out, length, budget - length);
			}
			return java.util.Arrays.copyOf(out, length);
		}
		finally {
			deflater.reset();
			if (!DEFLATERS.offer(deflater)) {
				deflater.end();
			}
		}
	}

	/** A stored body: its length is checked against the largest body before anything is allocated. */
	private byte[] readBody(ByteBuffer in) {
		int length = in.getInt();
		checkBodyLength(length);
		return readBytes(in, length);
	}

	private void checkBodyLength(int length) {
		if (length < 0 || length > this.maxBodySize) {
			throw new CorruptEntryException("body length " + length + " is not within 0 and the largest body, "
					+ this.maxBodySize);
		}
	}

	/**
	 * A deflated body: the claimed length is checked against the largest body (so a deflate bomb is
	 * refused before inflating) and inflating stops at it.
	 */
	private byte[] readDeflated(ByteBuffer in) {
		int length = in.getInt();
		checkBodyLength(length);
		int deflatedLength = in.getInt();
		if (deflatedLength < 0 || deflatedLength > in.remaining()) {
			throw new CorruptEntryException("length " + deflatedLength + " runs past the end of the entry");
		}
		if (length > (long) deflatedLength * MAX_INFLATION_RATIO + 64) {
			throw new CorruptEntryException("implausible body length " + length);
		}
		// Inflate straight from the value: no copy of the deflated bytes.
		ByteBuffer deflated = in.slice().limit(deflatedLength);
		in.position(in.position() + deflatedLength);
		Inflater polled = INFLATERS.poll();
		Inflater inflater = (polled != null) ? polled : new Inflater();
		try {
			inflater.setInput(deflated);
			byte[] body = new byte[length];
			int read = 0;
			while (read < length && !inflater.finished()) {
				int n = inflater.inflate(body, read, length - read);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					break;
				}
				read += n;
			}
			if (read != length || !inflater.finished() || inflater.getRemaining() != 0) {
				throw new CorruptEntryException("compressed body does not match its length");
			}
			return body;
		}
		catch (DataFormatException ex) {
			throw new CorruptEntryException("corrupt compressed body", ex);
		}
		finally {
			inflater.reset();
			if (!INFLATERS.offer(inflater)) {
				inflater.end();
			}
		}
	}

	private static void writeHeaders(DataOutputStream out, Headers headers) throws IOException {
		out.writeInt(headers.names().size());
		for (String name : headers.names()) {
			writeString(out, name);
			var values = headers.all(name);
			out.writeInt(values.size());
			for (String value : values) {
				writeString(out, value);
			}
		}
	}

	private static Headers readHeaders(ByteBuffer in, int[] budget) {
		int count = readCount(in);
		Headers.Builder headers = Headers.builder();
		for (int i = 0; i < count; i++) {
			String name = readString(in, budget);
			int values = readCount(in);
			for (int j = 0; j < values; j++) {
				headers.add(name, readString(in, budget));
			}
		}
		return headers.build();
	}

	private static int readCount(ByteBuffer in) {
		int count = in.getInt();
		// Each counted item takes at least four bytes (its length), so a count the rest cannot hold is a lie.
		if (count < 0 || count > MAX_FIELDS || count > in.remaining() / 4) {
			throw new CorruptEntryException("implausible field count " + count);
		}
		return count;
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	/** A string, charged to the entry's budget for strings before it is allocated. */
	private static String readString(ByteBuffer in, int[] budget) {
		int length = in.getInt();
		if (length < 0 || length > budget[0]) {
			throw new CorruptEntryException("strings longer than " + MAX_HEADER_BYTES + " bytes in all");
		}
		budget[0] -= length;
		if (length > in.remaining()) {
			throw new CorruptEntryException("length " + length + " runs past the end of the entry");
		}
		// Decoded in place from the value's array (decode wraps a heap array), without an intermediate copy.
		String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
		in.position(in.position() + length);
		return value;
	}

	private static byte[] readBytes(ByteBuffer in, int length) {
		if (length < 0 || length > in.remaining()) {
			throw new CorruptEntryException("length " + length + " runs past the end of the entry");
		}
		byte[] bytes = new byte[length];
		in.get(bytes);
		return bytes;
	}

}
