namespace ControlPlane.Storage;

// Part of SfuStore: Per-stream settings.
public sealed partial class SfuStore
{
    /// <summary>Returns the stored settings for <paramref name="stream"/>, or the defaults (public) if none were set.</summary>
    public StreamSettings GetStreamSettings(string stream)
    {
        StreamNameRules.ValidateStreamName(stream, nameof(stream));

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT is_private FROM stream_settings WHERE stream = $stream;";
        command.Parameters.AddWithValue("$stream", stream);

        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StreamSettings { Stream = stream, IsPrivate = reader.GetBoolean(0) }
            : new StreamSettings { Stream = stream };
    }

    /// <summary>Stores <paramref name="settings"/>, replacing any earlier settings for the same stream.</summary>
    public void SetStreamSettings(StreamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        StreamNameRules.ValidateStreamName(settings.Stream, nameof(settings));

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO stream_settings (stream, is_private) VALUES ($stream, $isPrivate)
            ON CONFLICT (stream) DO UPDATE SET is_private = excluded.is_private;
            """;
        command.Parameters.AddWithValue("$stream", settings.Stream);
        command.Parameters.AddWithValue("$isPrivate", settings.IsPrivate);
        command.ExecuteNonQuery();
    }

    /// <summary>Lists the streams that have stored settings, ordered by name.</summary>
    public IReadOnlyList<StreamSettings> ListStreamSettings()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream, is_private FROM stream_settings ORDER BY stream;";

        var settings = new List<StreamSettings>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            settings.Add(new StreamSettings { Stream = reader.GetString(0), IsPrivate = reader.GetBoolean(1) });
        }

        return settings;
    }
}
