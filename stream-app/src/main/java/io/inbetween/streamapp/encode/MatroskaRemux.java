package io.inbetween.streamapp.encode;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

import java.nio.file.Path;

/**
 * Copies a Matroska file packet by packet, to repair its durations. FFmpegFrameRecorder (JavaCV
 * 1.5.12) rescales an audio packet's timestamps into the stream's time base but not its duration;
 * Matroska's time base is the millisecond, so a 1024-sample AAC packet is taken to last 1024 ms
 * and the file claims to run a second or more past its end. MP4 and MOV keep the audio in
 * 1/sample-rate and are not affected. The copy goes through the same recorder in remux mode,
 * which does rescale durations; nothing is decoded or re-encoded.
 */
final class MatroskaRemux {
    private MatroskaRemux() {}

    static void copy(Path from, Path to) throws FrameGrabber.Exception, FrameRecorder.Exception {
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(from.toString())) {
            in.start();
            FFmpegFrameRecorder out = new FFmpegFrameRecorder(to.toString(), in.getImageWidth(), in.getImageHeight(), in.getAudioChannels());
            try {
                out.setFormat(Container.MKV.muxer);
                out.start(in.getFormatContext());
                AVPacket packet;
                while ((packet = in.grabPacket()) != null) out.recordPacket(packet);
                out.stop();
            } finally {
                out.release();
            }
        }
    }
}
