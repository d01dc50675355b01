package io.github.httpcache.test;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

/**
 * Netty's leak detector at {@code PARANOID} (every buffer tracked) with its reports captured, so a test
 * can prove that no {@code ByteBuf} was dropped without a release. Netty reports a leak when a tracked
 * buffer was collected unreleased and a later buffer is tracked; {@link #reported()} forces both.
 */
public final class NettyLeaks implements AutoCloseable {

	private final ResourceLeakDetector.Level previous;

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private NettyLeaks() {
		this.previous = ResourceLeakDetector.getLevel();
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		this.logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/** Starts tracking every buffer and capturing leak reports. */
	public static NettyLeaks paranoid() {
		return new NettyLeaks();
	}

	/** The leak reports so far, after a garbage collection and a round of allocations to surface them. */
	public List<String> reported() {
		for (int round = 0; round < 3; round++) {
			System.gc();
			for (int i = 0; i < 64; i++) {
				ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
				buffer.release();
				ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
				heap.release();
			}
		}
		return this.appender.list.stream()
			.map(ILoggingEvent::getFormattedMessage)
			.filter((message) -> message.contains("LEAK"))
			.collect(Collectors.toList());
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		ResourceLeakDetector.setLevel(this.previous);
	}

}
