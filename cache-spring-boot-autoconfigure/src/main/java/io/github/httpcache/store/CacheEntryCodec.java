package io.github.httpcache.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.github.httpcache.core.CacheEntry;
import io.github.httpcache.core.Headers;

/**
 * The versioned binary form of a {@link CacheEntry}. Version 1, field by field:
 *
 * <pre>
 * 'H' 'C' 0x01                      magic and version
 * str requestKey, str url, str method
 * u16 status
 * i64 requestTime, i64 responseTime, i64 created (epoch millis)
 * i64 expires (epoch millis; Long.MIN_VALUE = never)
 * headers response headers: i32 count, then per field str name, i32 n, n x str value
 * headers vary values (same layout)
 * i32 body length, body bytes
 * </pre>
 *
 * where {@code str} is an i32 length and UTF-8 bytes. For example a 200 with one header and body
 * {@code {}} stored at 2026-11-25T12:00:00Z for ten minutes reads: {@code HC 01}, the keys,
 * {@code 00C8}, three timestamps {@code 0000019AB...}, expires +600000, {@code 1} header
 * ({@code Content-Type}: {@code application/json}), {@code 0} vary values, {@code 2} body bytes {@code 7B7D}.
 * <p>
 * Decoding is defensive: truncated, corrupt, foreign or other-version bytes raise
 * {@link CorruptEntryException}, which stores turn into a logged miss and a delete.
 */
public final class CacheEntryCodec {

	static final byte MAGIC_0 = 'H';

	static final byte MAGIC_1 = 'C';

	static final byte VERSION = 1;

	private static final long NEVER = Long.MIN_VALUE;

	/** Upper bound on counts read from untrusted bytes, so a corrupt count cannot allocate gigabytes. */
	private static final int MAX_FIELDS = 10_000;

	public byte[] encode(CacheEntry entry) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.body().length + 512);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(MAGIC_0);
			out.writeByte(MAGIC_1);
			out.writeByte(VERSION);
			writeString(out, entry.requestKey());
			writeString(out, entry.url());
			writeString(out, entry.method());
			out.writeShort(entry.status());
			out.writeLong(entry.requestTime().toEpochMilli());
			out.writeLong(entry.responseTime().toEpochMilli());
			out.writeLong(entry.created().toEpochMilli());
			out.writeLong((entry.expires() != null) ? entry.expires().toEpochMilli() : NEVER);
			writeHeaders(out, entry.headers());
			writeHeaders(out, entry.varyValues());
			out.writeInt(entry.body().length);
			out.write(entry.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public CacheEntry decode(byte[] bytes) {
		try {
			ByteBuffer in = ByteBuffer.wrap(bytes);
			if (bytes.length < 3 || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
				throw new CorruptEntryException("not an entry of ours (bad magic)");
			}
			byte version = in.get();
			if (version != VERSION) {
				throw new CorruptEntryException("unsupported entry version " + version);
			}
			String requestKey = readString(in);
			String url = readString(in);
			String method = readString(in);
			int status = in.getShort() & 0xFFFF;
			Instant requestTime = Instant.ofEpochMilli(in.getLong());
			Instant responseTime = Instant.ofEpochMilli(in.getLong());
			Instant created = Instant.ofEpochMilli(in.getLong());
			long expires = in.getLong();
			Headers headers = readHeaders(in);
			Headers varyValues = readHeaders(in);
			byte[] body = readBytes(in);
			if (in.hasRemaining()) {
				throw new CorruptEntryException("trailing bytes after the body");
			}
			return new CacheEntry(requestKey, url, method, status, headers, body, varyValues, requestTime, responseTime,
					(expires != NEVER) ? Instant.ofEpochMilli(expires) : null, created);
		}
		catch (BufferUnderflowException | IllegalArgumentException | java.time.DateTimeException ex) {
			throw new CorruptEntryException("truncated or corrupt entry", ex);
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

	private static Headers readHeaders(ByteBuffer in) {
		int count = readCount(in);
		Headers.Builder headers = Headers.builder();
		for (int i = 0; i < count; i++) {
			String name = readString(in);
			int values = readCount(in);
			for (int j = 0; j < values; j++) {
				headers.add(name, readString(in));
			}
		}
		return headers.build();
	}

	private static int readCount(ByteBuffer in) {
		int count = in.getInt();
		if (count < 0 || count > MAX_FIELDS) {
			throw new CorruptEntryException("implausible field count " + count);
		}
		return count;
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static String readString(ByteBuffer in) {
		return new String(readBytes(in), StandardCharsets.UTF_8);
	}

	private static byte[] readBytes(ByteBuffer in) {
		int length = in.getInt();
		if (length < 0 || length > in.remaining()) {
			throw new CorruptEntryException("length " + length + " runs past the end of the entry");
		}
		byte[] bytes = new byte[length];
		in.get(bytes);
		return bytes;
	}

}
