/* Prints the FFmpeg 5.1 struct offsets and constants the C# binding hard-codes, as "name=value" lines. */
#include <stddef.h>
#include <stdio.h>
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/pixfmt.h>
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
    P("AVFrame.width", offsetof(AVFrame, width));
    P("AVFrame.height", offsetof(AVFrame, height));
    P("AVFrame.pict_type", offsetof(AVFrame, pict_type));
    P("AVPacket.data", offsetof(AVPacket, data));
    P("AVPacket.size", offsetof(AVPacket, size));
    P("AVPacket.pts", offsetof(AVPacket, pts));
    P("AVPacket.dts", offsetof(AVPacket, dts));
    P("AVPacket.flags", offsetof(AVPacket, flags));
    P("AVCodecContext.time_base", offsetof(AVCodecContext, time_base));
    P("AVCodecContext.sample_fmt", offsetof(AVCodecContext, sample_fmt));
    P("AVCodecContext.frame_size", offsetof(AVCodecContext, frame_size));
    P("AVCodecContext.initial_padding", offsetof(AVCodecContext, initial_padding));
    P("AVCodecContext.framerate", offsetof(AVCodecContext, framerate));
    P("AVChannelLayout.size", sizeof(AVChannelLayout));
    P("AVChannelLayout.nb_channels", offsetof(AVChannelLayout, nb_channels));
    P("AV_SAMPLE_FMT_S16", AV_SAMPLE_FMT_S16);
    P("AV_SAMPLE_FMT_FLT", AV_SAMPLE_FMT_FLT);
    P("AV_SAMPLE_FMT_FLTP", AV_SAMPLE_FMT_FLTP);
    P("AV_PIX_FMT_YUV420P", AV_PIX_FMT_YUV420P);
    P("AV_PICTURE_TYPE_NONE", AV_PICTURE_TYPE_NONE);
    P("AV_PICTURE_TYPE_I", AV_PICTURE_TYPE_I);
    P("AV_PICTURE_TYPE_P", AV_PICTURE_TYPE_P);
    P("AV_PICTURE_TYPE_B", AV_PICTURE_TYPE_B);
    P("AV_PKT_FLAG_KEY", AV_PKT_FLAG_KEY);
    P("AV_NOPTS_VALUE", AV_NOPTS_VALUE);
    P("AVERROR_EAGAIN", AVERROR(EAGAIN));
    P("AVERROR_EOF", AVERROR_EOF);
    P("AVERROR_INVALIDDATA", AVERROR_INVALIDDATA);
    P("AV_OPT_SEARCH_CHILDREN", AV_OPT_SEARCH_CHILDREN);
    P("AV_INPUT_BUFFER_PADDING_SIZE", AV_INPUT_BUFFER_PADDING_SIZE);
    P("AV_LOG_FATAL", AV_LOG_FATAL);
    return 0;
}
