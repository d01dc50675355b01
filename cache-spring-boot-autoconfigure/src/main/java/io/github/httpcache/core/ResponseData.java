package io.github.httpcache.core;

/**
 * A complete response: status, header fields and body.
 *
 * @param status the status code
 * @param headers the header fields
 * @param body the body bytes (empty for none)
 */
public record ResponseData(int status, Headers headers, byte[] body) {

	public ResponseData withHeaders(Headers headers) {
		return new ResponseData(this.status, headers, this.body);
	}

}
