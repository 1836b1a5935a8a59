/** JMH benchmarks of the in-JVM peers (Thumbnailator, imgscalr, ImageIO + Graphics2D) on the same task. */
package dev.thumbd.benchmarks.peer;
