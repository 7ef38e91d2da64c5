namespace Media.FFmpeg.Native;

/// <summary>Allocates, configures through AVOptions and opens a codec context in one exception-safe step.</summary>
internal static class CodecOpener
{
    public static CodecContextHandle Open(string name, bool encoder, Action<nint>? configure = null)
    {
        var codec = encoder ? AvCodec.avcodec_find_encoder_by_name(name) : AvCodec.avcodec_find_decoder_by_name(name);
        if (codec == 0)
        {
            throw new FFmpegException($"FFmpeg {(encoder ? "encoder" : "decoder")} '{name}' not found");
        }

        var context = new CodecContextHandle(FFmpegError.CheckAlloc(AvCodec.avcodec_alloc_context3(codec), "avcodec_alloc_context3"));
        try
        {
            configure?.Invoke(context.Pointer);
            FFmpegError.Check(AvCodec.avcodec_open2(context.Pointer, codec, 0), $"avcodec_open2({name})");
            return context;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Sets an option on the context or, via AV_OPT_SEARCH_CHILDREN, on the codec's private options.</summary>
    public static void SetOption(nint context, string name, string value) =>
        FFmpegError.Check(AvUtil.av_opt_set(context, name, value, FFmpegLayout.AV_OPT_SEARCH_CHILDREN), $"av_opt_set({name}={value})");

    public static void SetOption(nint context, string name, long value) =>
        FFmpegError.Check(AvUtil.av_opt_set_int(context, name, value, FFmpegLayout.AV_OPT_SEARCH_CHILDREN), $"av_opt_set_int({name}={value})");
}
