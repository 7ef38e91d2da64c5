/* Prints the FFmpeg 5.1 struct offsets and constants the C# binding hard-codes, as "name=value" lines. */
#include <stddef.h>
#include <stdio.h>
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>

#define P(name, value) printf("%s=%lld\n", name, (long long)(value))

int main(void)
{
    P("AVFrame.data", offsetof(AVFrame, data));
    P("AVFrame.extended_data", offsetof(AVFrame, extended_data));
    P("AVFrame.nb_samples", offsetof(AVFrame, nb_samples));
    P("AVFrame.format", offsetof(AVFrame, format));
    P("AVFrame.pts", offsetof(AVFrame, pts));
    P("AVFrame.sample_rate", offsetof(AVFrame, sample_rate));
    P("AVFrame.ch_layout", offsetof(AVFrame, ch_layout));
    P("AVPacket.data", offsetof(AVPacket, data));
    P("AVPacket.size", offsetof(AVPacket, size));
    P("AVPacket.pts", offsetof(AVPacket, pts));
    P("AVCodecContext.time_base", offsetof(AVCodecContext, time_base));
    P("AVCodecContext.sample_fmt", offsetof(AVCodecContext, sample_fmt));
    P("AVCodecContext.frame_size", offsetof(AVCodecContext, frame_size));
    P("AVCodecContext.initial_padding", offsetof(AVCodecContext, initial_padding));
    P("AVChannelLayout.size", sizeof(AVChannelLayout));
    P("AVChannelLayout.nb_channels", offsetof(AVChannelLayout, nb_channels));
    P("AV_SAMPLE_FMT_S16", AV_SAMPLE_FMT_S16);
    P("AV_SAMPLE_FMT_FLT", AV_SAMPLE_FMT_FLT);
    P("AV_SAMPLE_FMT_FLTP", AV_SAMPLE_FMT_FLTP);
    P("AVERROR_EAGAIN", AVERROR(EAGAIN));
    P("AVERROR_EOF", AVERROR_EOF);
    P("AVERROR_INVALIDDATA", AVERROR_INVALIDDATA);
    P("AV_OPT_SEARCH_CHILDREN", AV_OPT_SEARCH_CHILDREN);
    P("AV_INPUT_BUFFER_PADDING_SIZE", AV_INPUT_BUFFER_PADDING_SIZE);
    P("AV_LOG_FATAL", AV_LOG_FATAL);
    return 0;
}
