<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>FluidSynthExportBackend</name>
        <message>
            <source>%1: cancelled</source>
            <translation>%1: abgebrochen</translation>
        </message>
    </context>
    <context>
        <name>ModelFileCheck</name>
        <message>
            <source>%1: no such file</source>
            <translation>%1: Datei nicht gefunden</translation>
        </message>
        <message>
            <source>%1: the file is empty (0 bytes), not a model</source>
            <translation>%1: Die Datei ist leer (0 Byte), kein Modell</translation>
        </message>
        <message>
            <source>%1 layers × %2 wide, %3 M parameters, vocabulary %4</source>
            <translation>%1 Schichten × %2 breit, %3 Mio. Parameter, Vokabular %4</translation>
        </message>
        <message numerus="yes">
            <source>, labels: %n</source>
            <translation>
                <numerusform>, Labels: %n</numerusform>
                <numerusform>, Labels: %n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>NoteEdits</name>
        <message>
            <source>Transpose up</source>
            <translation>Nach oben transponieren</translation>
        </message>
        <message>
            <source>Transpose down</source>
            <translation>Nach unten transponieren</translation>
        </message>
        <message>
            <source>Move notes</source>
            <translation>Noten verschieben</translation>
        </message>
        <message>
            <source>Delete notes</source>
            <translation>Noten löschen</translation>
        </message>
        <message>
            <source>Duplicate notes</source>
            <translation>Noten duplizieren</translation>
        </message>
        <message>
            <source>Quantize</source>
            <translation>Quantisieren</translation>
        </message>
        <message>
            <source>Add note</source>
            <translation>Note hinzufügen</translation>
        </message>
        <message>
            <source>Paste notes</source>
            <translation>Noten einfügen</translation>
        </message>
        <message>
            <source>Change velocity</source>
            <translation>Anschlagstärke ändern</translation>
        </message>
    </context>
    <context>
        <name>PlaybackEngineFactory</name>
        <message>
            <source>Audio export needs the FluidSynth renderer, which this build does not have.</source>
            <translation>Der Audio-Export braucht den FluidSynth-Renderer, den dieses Build nicht enthält.</translation>
        </message>
    </context>
    <context>
        <name>SettingsCheck</name>
        <message>
            <source>a number from 0 to 100</source>
            <translation>eine Zahl von 0 bis 100</translation>
        </message>
        <message>
            <source>a file name</source>
            <translation>ein Dateiname</translation>
        </message>
        <message>
            <source>an output name</source>
            <translation>ein Ausgabename</translation>
        </message>
        <message>
            <source>true or false</source>
            <translation>true oder false</translation>
        </message>
        <message>
            <source>a grid division from 1 to 128</source>
            <translation>eine Rasterteilung von 1 bis 128</translation>
        </message>
        <message>
            <source>a list of files</source>
            <translation>eine Liste von Dateien</translation>
        </message>
        <message>
            <source>a folder</source>
            <translation>ein Ordner</translation>
        </message>
        <message>
            <source>The settings file %1 could not be read; it was kept as %2 and every setting was reset.</source>
            <translation>Die Einstellungsdatei %1 konnte nicht gelesen werden; sie wurde als %2 aufbewahrt, und alle Einstellungen wurden zurückgesetzt.</translation>
        </message>
        <message>
            <source>The settings file %1 could not be read; every setting was reset.</source>
            <translation>Die Einstellungsdatei %1 konnte nicht gelesen werden; alle Einstellungen wurden zurückgesetzt.</translation>
        </message>
        <message>
            <source>The settings were written by a newer Mozart Studio (settings version %1, this one reads %2): settings this version does not know are kept but not used.</source>
            <translation>Die Einstellungen stammen von einem neueren Mozart Studio (Einstellungsversion %1, dieses liest %2): Einstellungen, die diese Version nicht kennt, bleiben erhalten, werden aber nicht verwendet.</translation>
        </message>
        <message>
            <source>Setting %1 was reset to its default: “%2” is not %3.</source>
            <translation>Die Einstellung %1 wurde auf den Standardwert zurückgesetzt: „%2“ ist nicht %3.</translation>
        </message>
    </context>
    <context>
        <name>main</name>
        <message>
            <source>Mozart Studio: browse, hear, edit and export MIDI</source>
            <translation>Mozart Studio: MIDI durchsuchen, anhören, bearbeiten und exportieren</translation>
        </message>
        <message>
            <source>A MIDI file to open, or a folder of MIDI files</source>
            <translation>Eine MIDI-Datei zum Öffnen oder ein Ordner mit MIDI-Dateien</translation>
        </message>
        <message>
            <source>Measure piano-roll repaint time and event-loop blocking, then exit</source>
            <translation>Neuzeichnen der Pianorolle und Blockieren der Ereignisschleife messen, dann beenden</translation>
        </message>
        <message>
            <source>Folder of MIDI files for --bench</source>
            <translation>Ordner mit MIDI-Dateien für --bench</translation>
        </message>
        <message>
            <source>With --bench: one short round of each measurement (a smoke test)</source>
            <translation>Mit --bench: eine kurze Runde jeder Messung (ein Rauchtest)</translation>
        </message>
        <message>
            <source>Start generating a new piece described in words, e.g. "Bach, 16 bars, C major"</source>
            <translation>Ein neues, in Worten beschriebenes Stück erzeugen, z. B. "Bach, 16 bars, C major"</translation>
        </message>
        <message>
            <source>Model for the Generate panel: a file, checkpoint folder or run folder</source>
            <translation>Modell für den Erzeugen-Bereich: eine Datei, ein Checkpoint-Ordner oder ein Trainingslauf-Ordner</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::CallResponsePanel</name>
        <message>
            <source>Listen and Answer</source>
            <translation>Zuhören und antworten</translation>
        </message>
        <message>
            <source>MIDI input:</source>
            <translation>MIDI-Eingang:</translation>
        </message>
        <message>
            <source> bpm</source>
            <translation> BPM</translation>
        </message>
        <message>
            <source>The tempo you play at: it measures the pause and the answer's bars</source>
            <translation>Das Tempo, in dem Sie spielen: Es misst die Pause und die Takte der Antwort</translation>
        </message>
        <message>
            <source>Tempo:</source>
            <translation>Tempo:</translation>
        </message>
        <message>
            <source> beats</source>
            <translation> Schläge</translation>
        </message>
        <message>
            <source>How long you stay silent before the model answers</source>
            <translation>Wie lange Sie schweigen, bevor das Modell antwortet</translation>
        </message>
        <message>
            <source>Answer after a pause of:</source>
            <translation>Antwort nach einer Pause von:</translation>
        </message>
        <message>
            <source> bars</source>
            <translation> Takte</translation>
        </message>
        <message>
            <source>Answer length:</source>
            <translation>Länge der Antwort:</translation>
        </message>
        <message>
            <source>Where the answer sounds: the built-in synthesizer or a MIDI output port</source>
            <translation>Wo die Antwort erklingt: im eingebauten Synthesizer oder an einem MIDI-Ausgang</translation>
        </message>
        <message>
            <source>Answer through:</source>
            <translation>Antwort über:</translation>
        </message>
        <message>
            <source>This output cannot be used: %1</source>
            <translation>Diese Ausgabe kann nicht verwendet werden: %1</translation>
        </message>
        <message>
            <source>Listening on %1: play a phrase, then pause.</source>
            <translation>Höre auf %1: Spielen Sie eine Phrase, dann pausieren Sie.</translation>
        </message>
        <message>
            <source>No MIDI input is available: connect a keyboard and reopen this panel.</source>
            <translation>Kein MIDI-Eingang verfügbar: Schließen Sie ein Keyboard an und öffnen Sie dieses Feld erneut.</translation>
        </message>
        <message>
            <source>No MIDI input is available (%1).</source>
            <translation>Kein MIDI-Eingang verfügbar (%1).</translation>
        </message>
        <message>
            <source>Loading the model…</source>
            <translation>Das Modell wird geladen …</translation>
        </message>
        <message>
            <source>Not listening.</source>
            <translation>Hört nicht zu.</translation>
        </message>
        <message>
            <source>Hearing a phrase…</source>
            <translation>Eine Phrase wird gehört …</translation>
        </message>
        <message>
            <source>Phrase heard: the answer comes after %1 beats of silence.</source>
            <translation>Phrase gehört: Die Antwort kommt nach %1 Schlägen Stille.</translation>
        </message>
        <message>
            <source>Answering…</source>
            <translation>Antwort wird erzeugt …</translation>
        </message>
        <message>
            <source>No answer: %1</source>
            <translation>Keine Antwort: %1</translation>
        </message>
        <message>
            <source>Played</source>
            <translation>Gespielt</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Antwort</translation>
        </message>
        <message>
            <source>Answer %1: %2 bars, %3 notes, ready %4 ms after the pause. Play the next phrase.</source>
            <translation>Antwort %1: %2 Takte, %3 Noten, bereit %4 ms nach der Pause. Spielen Sie die nächste Phrase.</translation>
        </message>
        <message>
            <source>Not listening: the open piece was kept.</source>
            <translation>Hört nicht zu: Das offene Stück wurde behalten.</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::CallResponseRunner</name>
        <message>
            <source>Call and response is already listening.</source>
            <translation>Ruf und Antwort hört bereits zu.</translation>
        </message>
        <message>
            <source>Choose a model in the Generate panel first.</source>
            <translation>Wählen Sie zuerst ein Modell im Feld „Erzeugen“.</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::CheckpointList</name>
        <message>
            <source>Checkpoint</source>
            <translation>Checkpoint</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>Schritt</translation>
        </message>
        <message>
            <source>Validation loss</source>
            <translation>Validierungsverlust</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Zeit</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Größe</translation>
        </message>
        <message>
            <source>Open in the Generate panel</source>
            <translation>Im Generierungs-Fenster öffnen</translation>
        </message>
        <message>
            <source>Generate a sample</source>
            <translation>Ein Beispiel erzeugen</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::DatasetBrowser</name>
        <message>
            <source>Filter pieces (composer, file, instrument, status…)</source>
            <translation>Stücke filtern (Komponist, Datei, Instrument, Status …)</translation>
        </message>
        <message>
            <source>Cancel scan</source>
            <translation>Einlesen abbrechen</translation>
        </message>
        <message>
            <source>Listing %1…</source>
            <translation>%1 wird aufgelistet …</translation>
        </message>
        <message>
            <source>Scanning %1 of %2 files…</source>
            <translation>Lese %1 von %2 Dateien …</translation>
        </message>
        <message>
            <source>Scan cancelled after %1 of %2 files</source>
            <translation>Einlesen nach %1 von %2 Dateien abgebrochen</translation>
        </message>
        <message>
            <source>%1 pieces, %2 unreadable</source>
            <translation>%1 Stücke, %2 nicht lesbar</translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>&amp;Öffnen</translation>
        </message>
        <message numerus="yes">
            <source>&amp;Export Selected (%n)…</source>
            <translation>
                <numerusform>Ausgewähltes &amp;exportieren (%n) …</numerusform>
                <numerusform>Ausgewählte &amp;exportieren (%n) …</numerusform>
            </translation>
        </message>
        <message>
            <source>Show in &amp;Folder</source>
            <translation>Im &amp;Ordner zeigen</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::DatasetSummaryView</name>
        <message>
            <source>(no folder)</source>
            <translation>(kein Ordner)</translation>
        </message>
        <message>
            <source>Pieces per composer (%1 of %2 scanned)</source>
            <translation>Stücke pro Komponist (%1 von %2 eingelesen)</translation>
        </message>
        <message>
            <source>%1 unreadable, %2 duplicates</source>
            <translation>%1 nicht lesbar, %2 Duplikate</translation>
        </message>
        <message>
            <source>Pitch histogram (all notes)</source>
            <translation>Tonhöhen-Histogramm (alle Noten)</translation>
        </message>
        <message>
            <source>Note density (notes per second)</source>
            <translation>Notendichte (Noten pro Sekunde)</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::DatasetTableModel</name>
        <message>
            <source>Same bytes as %1</source>
            <translation>Byte-gleich mit %1</translation>
        </message>
        <message>
            <source>waiting</source>
            <translation>wartet</translation>
        </message>
        <message>
            <source>error: %1</source>
            <translation>Fehler: %1</translation>
        </message>
        <message>
            <source>duplicate of %1</source>
            <translation>Duplikat von %1</translation>
        </message>
        <message>
            <source>ok</source>
            <translation>ok</translation>
        </message>
        <message>
            <source>Composer</source>
            <translation>Komponist</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Datei</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>Dauer</translation>
        </message>
        <message>
            <source>Tracks</source>
            <translation>Spuren</translation>
        </message>
        <message>
            <source>Instruments</source>
            <translation>Instrumente</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Noten</translation>
        </message>
        <message>
            <source>Tempo</source>
            <translation>Tempo</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>Tokens</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message numerus="yes">
            <source>… and %n more</source>
            <translation>
                <numerusform>… und %n weitere</numerusform>
                <numerusform>… und %n weitere</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Read with warnings (%n):</source>
            <translation>
                <numerusform>Mit Warnungen gelesen (%n):</numerusform>
                <numerusform>Mit Warnungen gelesen (%n):</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>warnings (%n): %1</source>
            <translation>
                <numerusform>Warnungen (%n): %1</numerusform>
                <numerusform>Warnungen (%n): %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::ExportDialog</name>
        <message>
            <source>Export Audio</source>
            <translation>Audio exportieren</translation>
        </message>
        <message>
            <source>Export MIDI</source>
            <translation>MIDI exportieren</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Was</translation>
        </message>
        <message>
            <source>The open piece (none open)</source>
            <translation>Das geöffnete Stück (keines geöffnet)</translation>
        </message>
        <message>
            <source>The open piece: %1</source>
            <translation>Das geöffnete Stück: %1</translation>
        </message>
        <message numerus="yes">
            <source>Selected dataset pieces (%n)</source>
            <translation>
                <numerusform>Ausgewähltes Stück aus dem Datensatz (%n)</numerusform>
                <numerusform>Ausgewählte Stücke aus dem Datensatz (%n)</numerusform>
            </translation>
        </message>
        <message>
            <source>MIDI file (.mid)</source>
            <translation>MIDI-Datei (.mid)</translation>
        </message>
        <message>
            <source>WAV (.wav)</source>
            <translation>WAV (.wav)</translation>
        </message>
        <message>
            <source>FLAC (.flac)</source>
            <translation>FLAC (.flac)</translation>
        </message>
        <message>
            <source>Ogg Vorbis (.ogg)</source>
            <translation>Ogg Vorbis (.ogg)</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <source>Whole piece</source>
            <translation>Ganzes Stück</translation>
        </message>
        <message>
            <source>Loop range only</source>
            <translation>Nur Schleifenbereich</translation>
        </message>
        <message>
            <source>Part</source>
            <translation>Teil</translation>
        </message>
        <message>
            <source>…</source>
            <translation>…</translation>
        </message>
        <message>
            <source>Save to</source>
            <translation>Speichern unter</translation>
        </message>
        <message>
            <source>Audio</source>
            <translation>Audio</translation>
        </message>
        <message>
            <source>%1 Hz</source>
            <translation>%1 Hz</translation>
        </message>
        <message>
            <source>Sample rate</source>
            <translation>Abtastrate</translation>
        </message>
        <message>
            <source>Bit depth</source>
            <translation>Bittiefe</translation>
        </message>
        <message>
            <source>Quality</source>
            <translation>Qualität</translation>
        </message>
        <message>
            <source>Normalise peak to</source>
            <translation>Spitzenpegel normalisieren auf</translation>
        </message>
        <message>
            <source> dBFS</source>
            <translation> dBFS</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Exportieren</translation>
        </message>
        <message>
            <source>16-bit integer</source>
            <translation>16 Bit Ganzzahl</translation>
        </message>
        <message>
            <source>24-bit integer</source>
            <translation>24 Bit Ganzzahl</translation>
        </message>
        <message>
            <source>16-bit</source>
            <translation>16 Bit</translation>
        </message>
        <message>
            <source>24-bit</source>
            <translation>24 Bit</translation>
        </message>
        <message>
            <source>piece</source>
            <translation>Stück</translation>
        </message>
        <message>
            <source>Each piece is written into the folder under its own name with .%1.</source>
            <translation>Jedes Stück wird unter seinem eigenen Namen mit .%1 in den Ordner geschrieben.</translation>
        </message>
        <message>
            <source>The release tail after the last note is included.</source>
            <translation>Der Ausklang nach der letzten Note wird mit exportiert.</translation>
        </message>
        <message>
            <source>Export into folder</source>
            <translation>In Ordner exportieren</translation>
        </message>
        <message>
            <source>Export to</source>
            <translation>Exportieren nach</translation>
        </message>
        <message>
            <source>%1 files (*.%2)</source>
            <translation>%1-Dateien (*.%2)</translation>
        </message>
        <message>
            <source>%1 (edited)</source>
            <translation>%1 (bearbeitet)</translation>
        </message>
        <message>
            <source> (edited)</source>
            <translation> (bearbeitet)</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::ExportRunner</name>
        <message>
            <source>Exported %1</source>
            <translation>%1 exportiert</translation>
        </message>
        <message numerus="yes">
            <source>Exported files: %n</source>
            <translation>
                <numerusform>%n Datei exportiert</numerusform>
                <numerusform>%n Dateien exportiert</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::FluidSynthPlaybackEngine</name>
        <message>
            <source>Built-in synthesizer (FluidSynth, %1)</source>
            <translation>Eingebauter Synthesizer (FluidSynth, %1)</translation>
        </message>
        <message>
            <source>no device</source>
            <translation>kein Gerät</translation>
        </message>
        <message>
            <source>MIDI port: %1</source>
            <translation>MIDI-Anschluss: %1</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::GenerateForm</name>
        <message>
            <source>e.g. Mozart, 32 bars, 96 bpm, D minor, piano and strings, calm</source>
            <translation>z. B. Mozart, 32 bars, 96 bpm, D minor, piano and strings, calm</translation>
        </message>
        <message>
            <source>Describe the piece in words; press Enter to fill the fields below</source>
            <translation>Beschreiben Sie das Stück in Worten; Eingabe füllt die Felder darunter</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>Beschreibung</translation>
        </message>
        <message>
            <source>Preset…</source>
            <translation>Voreinstellung …</translation>
        </message>
        <message>
            <source>Faithful (close to the training music)</source>
            <translation>Getreu (nah an der Trainingsmusik)</translation>
        </message>
        <message>
            <source>Adventurous (more surprises)</source>
            <translation>Abenteuerlich (mehr Überraschungen)</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>Zurücksetzen</translation>
        </message>
        <message>
            <source>Presets</source>
            <translation>Voreinstellungen</translation>
        </message>
        <message>
            <source>Composer</source>
            <translation>Komponist</translation>
        </message>
        <message>
            <source>model chooses</source>
            <translation>wählt das Modell</translation>
        </message>
        <message>
            <source> bpm</source>
            <translation> BPM</translation>
        </message>
        <message>
            <source>Tempo</source>
            <translation>Tempo</translation>
        </message>
        <message>
            <source>Time signature</source>
            <translation>Taktart</translation>
        </message>
        <message>
            <source>any key</source>
            <translation>jede Tonart</translation>
        </message>
        <message>
            <source>Key and scale</source>
            <translation>Tonart und Tonleiter</translation>
        </message>
        <message>
            <source>Drums</source>
            <translation>Schlagzeug</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>Instrument</translation>
        </message>
        <message>
            <source>any; or GM names/numbers: Violin, Cello, 0</source>
            <translation>beliebig; oder GM-Namen/-Nummern: Violin, Cello, 0</translation>
        </message>
        <message>
            <source>Instruments allowed</source>
            <translation>Erlaubte Instrumente</translation>
        </message>
        <message>
            <source>Pitch range</source>
            <translation>Tonumfang</translation>
        </message>
        <message>
            <source>any</source>
            <translation>beliebig</translation>
        </message>
        <message>
            <source>Notes per bar</source>
            <translation>Noten pro Takt</translation>
        </message>
        <message>
            <source>bars</source>
            <translation>Takte</translation>
        </message>
        <message>
            <source>seconds</source>
            <translation>Sekunden</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>Länge</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>Temperatur</translation>
        </message>
        <message>
            <source>off</source>
            <translation>aus</translation>
        </message>
        <message>
            <source>Top-k</source>
            <translation>Top-k</translation>
        </message>
        <message>
            <source>Top-p</source>
            <translation>Top-p</translation>
        </message>
        <message>
            <source>A new random seed</source>
            <translation>Ein neuer zufälliger Startwert</translation>
        </message>
        <message>
            <source>Lock</source>
            <translation>Festhalten</translation>
        </message>
        <message>
            <source>Keep this seed for every generation (same settings give the same piece)</source>
            <translation>Diesen Startwert für jede Erzeugung behalten (gleiche Einstellungen ergeben das gleiche Stück)</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>Startwert</translation>
        </message>
        <message>
            <source>Variations</source>
            <translation>Varianten</translation>
        </message>
        <message>
            <source>(the model has no composer labels)</source>
            <translation>(das Modell kennt keine Komponisten)</translation>
        </message>
        <message>
            <source>From "%1"; change it in the fields below</source>
            <translation>Aus „%1“; ändern Sie es in den Feldern darunter</translation>
        </message>
        <message>
            <source>Not understood: %1</source>
            <translation>Nicht verstanden: %1</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::GeneratePanel</name>
        <message>
            <source>Model</source>
            <translation>Modell</translation>
        </message>
        <message>
            <source>What to write</source>
            <translation>Was geschrieben werden soll</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>Erzeugen</translation>
        </message>
        <message>
            <source>as a new piece</source>
            <translation>als neues Stück</translation>
        </message>
        <message>
            <source>as a new track of the open piece</source>
            <translation>als neue Spur des offenen Stücks</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stopp</translation>
        </message>
        <message>
            <source>Continue from End</source>
            <translation>Am Ende fortsetzen</translation>
        </message>
        <message>
            <source>Continue from Playhead</source>
            <translation>Ab Abspielposition fortsetzen</translation>
        </message>
        <message>
            <source>Regenerate from Bar</source>
            <translation>Ab Takt neu erzeugen</translation>
        </message>
        <message>
            <source>Regenerate Selection</source>
            <translation>Auswahl neu erzeugen</translation>
        </message>
        <message>
            <source>Variations</source>
            <translation>Varianten</translation>
        </message>
        <message>
            <source>History</source>
            <translation>Verlauf</translation>
        </message>
        <message>
            <source>No model</source>
            <translation>Kein Modell</translation>
        </message>
        <message>
            <source>This model cannot fill in bars: %1</source>
            <translation>Dieses Modell kann keine Takte auffüllen: %1</translation>
        </message>
        <message>
            <source>Select the notes of the bars to regenerate</source>
            <translation>Wählen Sie die Noten der Takte aus, die neu erzeugt werden sollen</translation>
        </message>
        <message>
            <source>Rewrite the selected bars and keep what comes after them</source>
            <translation>Die ausgewählten Takte neu schreiben und das Folgende behalten</translation>
        </message>
        <message>
            <source>No model found: %1</source>
            <translation>Kein Modell gefunden: %1</translation>
        </message>
        <message>
            <source>Open or generate a piece first</source>
            <translation>Öffnen oder erzeugen Sie zuerst ein Stück</translation>
        </message>
        <message>
            <source>Generating…</source>
            <translation>Erzeuge …</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>Generating again from %1…</source>
            <translation>Erzeuge noch einmal aus %1 …</translation>
        </message>
        <message>
            <source>Stopping… (what was made is kept)</source>
            <translation>Halte an … (was entstanden ist, bleibt)</translation>
        </message>
        <message>
            <source>bar %1 of %2</source>
            <translation>Takt %1 von %2</translation>
        </message>
        <message>
            <source>%1 bars</source>
            <translation>%1 Takte</translation>
        </message>
        <message>
            <source>Generating… %1 · %2 notes · %3 tokens/s</source>
            <translation>Erzeuge … %1 · %2 Noten · %3 Token/s</translation>
        </message>
        <message>
            <source>Generate Track</source>
            <translation>Spur erzeugen</translation>
        </message>
        <message>
            <source>Variation %1: %2 bars, %3 notes, %4 s</source>
            <translation>Variante %1: %2 Takte, %3 Noten, %4 s</translation>
        </message>
        <message>
            <source>%1 %2 notes in %3 s (%4 tokens/s)</source>
            <translation>%1 %2 Noten in %3 s (%4 Token/s)</translation>
        </message>
        <message>
            <source>Stopped; kept</source>
            <translation>Angehalten; behalten:</translation>
        </message>
        <message>
            <source>Done:</source>
            <translation>Fertig:</translation>
        </message>
        <message>
            <source> · not saved in the history: %1</source>
            <translation> · nicht im Verlauf gespeichert: %1</translation>
        </message>
        <message>
            <source>Generate several variations first</source>
            <translation>Erzeugen Sie zuerst mehrere Varianten</translation>
        </message>
        <message>
            <source>A continuation or regeneration is the whole piece: keep one of them</source>
            <translation>Eine Fortsetzung oder Neuerzeugung ist das ganze Stück: Behalten Sie eine davon</translation>
        </message>
        <message>
            <source> · click a variation to hear it, then keep one or several</source>
            <translation> · klicken Sie eine Variante an, um sie zu hören, und behalten Sie eine oder mehrere</translation>
        </message>
        <message>
            <source>Variation %1</source>
            <translation>Variante %1</translation>
        </message>
        <message>
            <source>Keep Variations as Tracks</source>
            <translation>Varianten als Spuren behalten</translation>
        </message>
        <message numerus="yes">
            <source>Kept %n variation(s) as tracks</source>
            <translation>
                <numerusform>%n Variante als Spuren behalten</numerusform>
                <numerusform>%n Varianten als Spuren behalten</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::GenerationHistory</name>
        <message>
            <source>Folder…</source>
            <translation>Ordner …</translation>
        </message>
        <message>
            <source>Reopen</source>
            <translation>Wieder öffnen</translation>
        </message>
        <message>
            <source>Generate Again Exactly</source>
            <translation>Genau noch einmal erzeugen</translation>
        </message>
        <message>
            <source>Make the same piece again from its recipe (the same bytes, as mozart generate --recipe)</source>
            <translation>Dasselbe Stück aus seinem Rezept noch einmal erzeugen (dieselben Bytes, wie mozart generate --recipe)</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Löschen</translation>
        </message>
        <message>
            <source>History: %1</source>
            <translation>Verlauf: %1</translation>
        </message>
        <message>
            <source>Folder for Generated Pieces</source>
            <translation>Ordner für erzeugte Stücke</translation>
        </message>
        <message>
            <source>%1: cannot create the history folder</source>
            <translation>%1: Der Verlaufsordner kann nicht angelegt werden</translation>
        </message>
        <message>
            <source>(no recipe)</source>
            <translation>(kein Rezept)</translation>
        </message>
        <message>
            <source>(unreadable recipe)</source>
            <translation>(Rezept nicht lesbar)</translation>
        </message>
        <message>
            <source>%1 bars</source>
            <translation>%1 Takte</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>from %1</source>
            <translation>aus %1</translation>
        </message>
        <message>
            <source>seed %1</source>
            <translation>Startwert %1</translation>
        </message>
        <message>
            <source>variation %1 of %2</source>
            <translation>Variante %1 von %2</translation>
        </message>
        <message>
            <source>Training Data…</source>
            <translation>Trainingsdaten …</translation>
        </message>
        <message>
            <source>The folder the model was trained on, to find how many notes in a row a piece copies from it</source>
            <translation>Der Ordner, mit dem das Modell trainiert wurde, um zu finden, wie viele Noten am Stück ein Stück daraus kopiert</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Abspielen</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Exportieren …</translation>
        </message>
        <message>
            <source>Folder the Model Was Trained On</source>
            <translation>Ordner, mit dem das Modell trainiert wurde</translation>
        </message>
        <message>
            <source>Copied notes: unknown (choose the folder the model was trained on)</source>
            <translation>Kopierte Noten: unbekannt (wählen Sie den Ordner, mit dem das Modell trainiert wurde)</translation>
        </message>
        <message>
            <source>Copied notes: unknown (the model was trained on “%1”; choose that folder)</source>
            <translation>Kopierte Noten: unbekannt (das Modell wurde mit „%1“ trainiert; wählen Sie diesen Ordner)</translation>
        </message>
        <message>
            <source>Copied notes checked against the training part of %1</source>
            <translation>Kopierte Noten geprüft gegen den Trainingsteil von %1</translation>
        </message>
        <message>
            <source>copied notes: unknown</source>
            <translation>kopierte Noten: unbekannt</translation>
        </message>
        <message>
            <source>copied notes: checking…</source>
            <translation>kopierte Noten: wird geprüft …</translation>
        </message>
        <message>
            <source>copied notes: unknown (%1)</source>
            <translation>kopierte Noten: unbekannt (%1)</translation>
        </message>
        <message>
            <source>copied notes: none (no run of 5 or more)</source>
            <translation>kopierte Noten: keine (keine Folge von 5 oder mehr)</translation>
        </message>
        <message>
            <source>Delete Piece</source>
            <translation>Stück löschen</translation>
        </message>
        <message>
            <source>Delete %1 and its recipe from the history folder?</source>
            <translation>%1 und sein Rezept aus dem Verlaufsordner löschen?</translation>
        </message>
        <message>
            <source>Export Generated Piece</source>
            <translation>Erzeugtes Stück exportieren</translation>
        </message>
        <message>
            <source>MIDI files (*.mid *.midi)</source>
            <translation>MIDI-Dateien (*.mid *.midi)</translation>
        </message>
        <message>
            <source>copied notes: %1 in a row at bar %2, from %3</source>
            <translation>kopierte Noten: %1 am Stück ab Takt %2, aus %3</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::HistoryScanner</name>
        <message>
            <source>Building the copy index of %1 (once; it is cached)…</source>
            <translation>Kopierindex von %1 wird erstellt (einmalig; er wird zwischengespeichert) …</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::KeyboardRuler</name>
        <message>
            <source>Click a key to hear it</source>
            <translation>Taste anklicken, um sie zu hören</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::MainWindow</name>
        <message>
            <source>The settings could not be saved to %1 (is the disk full?); the previous settings file is unchanged.</source>
            <translation>Die Einstellungen konnten nicht in %1 gespeichert werden (ist der Datenträger voll?); die bisherige Einstellungsdatei ist unverändert.</translation>
        </message>
        <message>
            <source>The sound output %1 used last time is not available; playing through “%2” instead.</source>
            <translation>Die zuletzt verwendete Tonausgabe %1 ist nicht verfügbar; die Wiedergabe läuft stattdessen über „%2“.</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Abspielen</translation>
        </message>
        <message>
            <source>open another piece</source>
            <translation>ein anderes Stück öffnen</translation>
        </message>
        <message>
            <source>Scanning %1/%2</source>
            <translation>Lese %1/%2</translation>
        </message>
        <message>
            <source>Scan cancelled</source>
            <translation>Einlesen abgebrochen</translation>
        </message>
        <message>
            <source>Scan of %1 finished</source>
            <translation>Einlesen von %1 abgeschlossen</translation>
        </message>
        <message>
            <source>Export cancelled</source>
            <translation>Export abgebrochen</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Exportieren</translation>
        </message>
        <message>
            <source>Tracks</source>
            <translation>Spuren</translation>
        </message>
        <message>
            <source>Playback</source>
            <translation>Wiedergabe</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>Tokens</translation>
        </message>
        <message>
            <source>Dataset</source>
            <translation>Datensatz</translation>
        </message>
        <message>
            <source>%1: no such file or folder</source>
            <translation>%1: Datei oder Ordner nicht gefunden</translation>
        </message>
        <message>
            <source>Reading %1</source>
            <translation>Lese %1</translation>
        </message>
        <message>
            <source>%1: not a readable MIDI file</source>
            <translation>%1: keine lesbare MIDI-Datei</translation>
        </message>
        <message>
            <source>Cannot open MIDI file</source>
            <translation>MIDI-Datei kann nicht geöffnet werden</translation>
        </message>
        <message>
            <source>Scanning %1</source>
            <translation>Lese %1 ein</translation>
        </message>
        <message>
            <source>Unsaved edits</source>
            <translation>Ungespeicherte Änderungen</translation>
        </message>
        <message>
            <source>%1 has unsaved edits. Save them before you %2?</source>
            <translation>%1 hat ungespeicherte Änderungen. Vor dem Schritt „%2“ speichern?</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Speichern</translation>
        </message>
        <message>
            <source>Saved %1</source>
            <translation>%1 gespeichert</translation>
        </message>
        <message>
            <source>%1 was removed from disk</source>
            <translation>%1 wurde auf der Festplatte gelöscht</translation>
        </message>
        <message>
            <source>%1 changed on disk and was reloaded</source>
            <translation>%1 wurde auf der Festplatte geändert und neu geladen</translation>
        </message>
        <message>
            <source>File changed on disk</source>
            <translation>Datei auf der Festplatte geändert</translation>
        </message>
        <message>
            <source>%1 changed on disk, and you have unsaved edits. Reload it and lose your edits?</source>
            <translation>%1 wurde auf der Festplatte geändert, und Sie haben ungespeicherte Änderungen. Neu laden und die Änderungen verwerfen?</translation>
        </message>
        <message>
            <source>An export is already running</source>
            <translation>Es läuft bereits ein Export</translation>
        </message>
        <message>
            <source>Export Audio</source>
            <translation>Audio exportieren</translation>
        </message>
        <message>
            <source>%1: cannot create the folder</source>
            <translation>%1: Ordner kann nicht angelegt werden</translation>
        </message>
        <message>
            <source>Replace files?</source>
            <translation>Dateien ersetzen?</translation>
        </message>
        <message>
            <source>Replace them?</source>
            <translation>Ersetzen?</translation>
        </message>
        <message>
            <source>Exporting audio</source>
            <translation>Audio wird exportiert</translation>
        </message>
        <message>
            <source>Exporting MIDI</source>
            <translation>MIDI wird exportiert</translation>
        </message>
        <message>
            <source>Mozart Studio</source>
            <translation>Mozart Studio</translation>
        </message>
        <message>
            <source>%1[*] — Mozart Studio</source>
            <translation>%1[*] — Mozart Studio</translation>
        </message>
        <message>
            <source>No piece open</source>
            <translation>Kein Stück geöffnet</translation>
        </message>
        <message>
            <source>quit</source>
            <translation>beenden</translation>
        </message>
        <message>
            <source>&amp;Open MIDI…</source>
            <translation>MIDI ö&amp;ffnen …</translation>
        </message>
        <message>
            <source>Open MIDI file</source>
            <translation>MIDI-Datei öffnen</translation>
        </message>
        <message>
            <source>MIDI files (*.mid *.midi *.rmi *.kar);;All files (*)</source>
            <translation>MIDI-Dateien (*.mid *.midi *.rmi *.kar);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>Open &amp;Dataset Folder…</source>
            <translation>&amp;Datensatz-Ordner öffnen …</translation>
        </message>
        <message>
            <source>Ctrl+Shift+O</source>
            <translation>Ctrl+Shift+O</translation>
        </message>
        <message>
            <source>Open dataset folder</source>
            <translation>Datensatz-Ordner öffnen</translation>
        </message>
        <message>
            <source>Open &amp;Model…</source>
            <translation>&amp;Modell öffnen …</translation>
        </message>
        <message>
            <source>Open model</source>
            <translation>Modell öffnen</translation>
        </message>
        <message>
            <source>Mozart models (*.mozart *.safetensors);;All files (*)</source>
            <translation>Mozart-Modelle (*.mozart *.safetensors);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Speichern</translation>
        </message>
        <message>
            <source>&amp;Reload from Disk</source>
            <translation>Von Festplatte &amp;neu laden</translation>
        </message>
        <message>
            <source>reload</source>
            <translation>neu laden</translation>
        </message>
        <message>
            <source>Export &amp;MIDI…</source>
            <translation>&amp;MIDI exportieren …</translation>
        </message>
        <message>
            <source>Ctrl+E</source>
            <translation>Ctrl+E</translation>
        </message>
        <message>
            <source>Export &amp;Audio (WAV/FLAC/OGG)…</source>
            <translation>&amp;Audio exportieren (WAV/FLAC/OGG) …</translation>
        </message>
        <message>
            <source>Ctrl+Shift+E</source>
            <translation>Ctrl+Shift+E</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Beenden</translation>
        </message>
        <message>
            <source>Ctrl+Q</source>
            <translation>Ctrl+Q</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Rückgängig</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Wiederherstellen</translation>
        </message>
        <message>
            <source>Ctrl+Shift+Z</source>
            <translation>Ctrl+Shift+Z</translation>
        </message>
        <message>
            <source>Ctrl+Y</source>
            <translation>Ctrl+Y</translation>
        </message>
        <message>
            <source>Cu&amp;t</source>
            <translation>&amp;Ausschneiden</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Kopieren</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>&amp;Einfügen</translation>
        </message>
        <message>
            <source>D&amp;uplicate</source>
            <translation>D&amp;uplizieren</translation>
        </message>
        <message>
            <source>Ctrl+D</source>
            <translation>Ctrl+D</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Löschen</translation>
        </message>
        <message>
            <source>&amp;Quantize to Grid</source>
            <translation>Am Raster &amp;quantisieren</translation>
        </message>
        <message>
            <source>Ctrl+U</source>
            <translation>Ctrl+U</translation>
        </message>
        <message>
            <source>Velocity +8</source>
            <translation>Anschlag +8</translation>
        </message>
        <message>
            <source>Ctrl+Alt+Up</source>
            <translation>Ctrl+Alt+Up</translation>
        </message>
        <message>
            <source>Velocity −8</source>
            <translation>Anschlag −8</translation>
        </message>
        <message>
            <source>Ctrl+Alt+Down</source>
            <translation>Ctrl+Alt+Down</translation>
        </message>
        <message>
            <source>Zoom &amp;In</source>
            <translation>&amp;Vergrößern</translation>
        </message>
        <message>
            <source>Ctrl+=</source>
            <translation>Ctrl+=</translation>
        </message>
        <message>
            <source>Zoom &amp;Out</source>
            <translation>Ver&amp;kleinern</translation>
        </message>
        <message>
            <source>Ctrl+-</source>
            <translation>Ctrl+-</translation>
        </message>
        <message>
            <source>Zoom to &amp;Fit</source>
            <translation>&amp;Einpassen</translation>
        </message>
        <message>
            <source>Ctrl+0</source>
            <translation>Ctrl+0</translation>
        </message>
        <message>
            <source>&amp;Follow Playhead</source>
            <translation>Abspielposition &amp;folgen</translation>
        </message>
        <message>
            <source>F</source>
            <translation>F</translation>
        </message>
        <message>
            <source>&amp;Velocity Lane</source>
            <translation>&amp;Anschlagspur</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stopp</translation>
        </message>
        <message>
            <source>Shift+Space</source>
            <translation>Shift+Space</translation>
        </message>
        <message>
            <source>Go to Start</source>
            <translation>Zum Anfang</translation>
        </message>
        <message>
            <source>Loop</source>
            <translation>Schleife</translation>
        </message>
        <message>
            <source>Loop Selected Bars</source>
            <translation>Ausgewählte Takte schleifen</translation>
        </message>
        <message>
            <source>Ctrl+L</source>
            <translation>Ctrl+L</translation>
        </message>
        <message>
            <source>Panic (All Notes Off)</source>
            <translation>Panik (alle Noten aus)</translation>
        </message>
        <message>
            <source>Ctrl+Shift+Space</source>
            <translation>Ctrl+Shift+Space</translation>
        </message>
        <message>
            <source>&amp;About Mozart Studio</source>
            <translation>&amp;Über Mozart Studio</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Datei</translation>
        </message>
        <message>
            <source>&amp;Recent</source>
            <translation>&amp;Zuletzt geöffnet</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Bearbeiten</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Ansicht</translation>
        </message>
        <message>
            <source>&amp;Panels</source>
            <translation>&amp;Bereiche</translation>
        </message>
        <message>
            <source>&amp;Playback</source>
            <translation>&amp;Wiedergabe</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Hilfe</translation>
        </message>
        <message>
            <source>About Mozart Studio</source>
            <translation>Über Mozart Studio</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Mozart Studio %1&lt;/h3&gt;&lt;p&gt;Symbolic music generation: MIDI, REMI tokens, a Transformer, piano roll, playback and export.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;LibTorch %4&lt;br&gt;FluidSynth %5&lt;br&gt;Playback: %6&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Mozart Studio %1&lt;/h3&gt;&lt;p&gt;Symbolische Musikgenerierung: MIDI, REMI-Tokens, ein Transformer, Pianorolle, Wiedergabe und Export.&lt;/p&gt;&lt;p&gt;Qt %2 (gebaut mit %3)&lt;br&gt;LibTorch %4&lt;br&gt;FluidSynth %5&lt;br&gt;Wiedergabe: %6&lt;/p&gt;</translation>
        </message>
        <message>
            <source>not found</source>
            <translation>nicht gefunden</translation>
        </message>
        <message numerus="yes">
            <source>Files that could not be exported: %n</source>
            <translation>
                <numerusform>%n Datei konnte nicht exportiert werden:</numerusform>
                <numerusform>%n Dateien konnten nicht exportiert werden:</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Files that already exist: %n</source>
            <translation>
                <numerusform>%n Datei existiert bereits:</numerusform>
                <numerusform>%n Dateien existieren bereits:</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 · tracks: %n</source>
            <translation>
                <numerusform>%1 · %n Spur</numerusform>
                <numerusform>%1 · %n Spuren</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> · notes: %n</source>
            <translation>
                <numerusform> · %n Note</numerusform>
                <numerusform> · %n Noten</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> · selected: %n</source>
            <translation>
                <numerusform> · %n ausgewählt</numerusform>
                <numerusform> · %n ausgewählt</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> · dataset %1, pieces: %n</source>
            <translation>
                <numerusform> · Datensatz %1 (%n Stück)</numerusform>
                <numerusform> · Datensatz %1 (%n Stücke)</numerusform>
            </translation>
        </message>
        <message>
            <source>Training</source>
            <translation>Training</translation>
        </message>
        <message>
            <source>&amp;New…</source>
            <translation>&amp;Neu …</translation>
        </message>
        <message>
            <source>Select &amp;All in Track</source>
            <translation>Alles in der Spur &amp;auswählen</translation>
        </message>
        <message>
            <source>Select All in All &amp;Tracks</source>
            <translation>Alles in allen &amp;Spuren auswählen</translation>
        </message>
        <message>
            <source>Ctrl+Shift+A</source>
            <translation>Ctrl+Shift+A</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>Erzeugen</translation>
        </message>
        <message>
            <source>No sound</source>
            <translation>Kein Ton</translation>
        </message>
        <message>
            <source>Why playback is silent</source>
            <translation>Warum die Wiedergabe stumm ist</translation>
        </message>
        <message>
            <source>Playback is silent: the synthesizer could not play through a sound device.

The reason:
%1

Editing, the piano roll's playhead and export all work as usual; audio export does not need a sound device. To hear the music, start PulseAudio, PipeWire or ALSA (or check that you may use the sound card), or choose a MIDI port under Output in the Playback panel, then restart the studio.</source>
            <translation>Die Wiedergabe ist stumm: Der Synthesizer konnte über kein Audiogerät spielen.

Der Grund:
%1

Bearbeiten, die Abspielposition der Pianorolle und der Export funktionieren wie gewohnt; der Audio-Export braucht kein Audiogerät. Um die Musik zu hören, starten Sie PulseAudio, PipeWire oder ALSA (oder prüfen Sie, ob Sie die Soundkarte benutzen dürfen) oder wählen Sie unter „Ausgabe“ im Wiedergabe-Bereich einen MIDI-Anschluss, und starten Sie das Studio neu.</translation>
        </message>
        <message>
            <source>No sound device was found, so playback is silent. Click “No sound” for why.</source>
            <translation>Es wurde kein Audiogerät gefunden, daher ist die Wiedergabe stumm. Klicken Sie auf „Kein Ton“, um den Grund zu sehen.</translation>
        </message>
        <message>
            <source>Read with warnings</source>
            <translation>Mit Warnungen gelesen</translation>
        </message>
        <message>
            <source>Lost or repaired:</source>
            <translation>Verloren oder repariert:</translation>
        </message>
        <message numerus="yes">
            <source>… and %n more</source>
            <translation>
                <numerusform>… und %n weitere</numerusform>
                <numerusform>… und %n weitere</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Warnings: %n</source>
            <translation>
                <numerusform>Warnungen: %n</numerusform>
                <numerusform>Warnungen: %n</numerusform>
            </translation>
        </message>
        <message>
            <source>start a new piece</source>
            <translation>ein neues Stück beginnen</translation>
        </message>
        <message>
            <source>New piece: double-click the piano roll to add notes</source>
            <translation>Neues Stück: Doppelklick in die Pianorolle fügt Noten hinzu</translation>
        </message>
        <message>
            <source>Open Model</source>
            <translation>Modell öffnen</translation>
        </message>
        <message>
            <source>%1 is not a model Mozart Studio can use.

%2</source>
            <translation>%1 ist kein Modell, das Mozart Studio verwenden kann.

%2</translation>
        </message>
        <message>
            <source>Model %1 opened: %2</source>
            <translation>Modell %1 geöffnet: %2</translation>
        </message>
        <message>
            <source>&amp;Transpose</source>
            <translation>&amp;Transponieren</translation>
        </message>
        <message>
            <source>Up a Semitone (↑)</source>
            <translation>Einen Halbton höher (↑)</translation>
        </message>
        <message>
            <source>Down a Semitone (↓)</source>
            <translation>Einen Halbton tiefer (↓)</translation>
        </message>
        <message>
            <source>Up an Octave (Shift+↑)</source>
            <translation>Eine Oktave höher (Umschalt+↑)</translation>
        </message>
        <message>
            <source>Down an Octave (Shift+↓)</source>
            <translation>Eine Oktave tiefer (Umschalt+↓)</translation>
        </message>
        <message numerus="yes">
            <source>%1 was read with warnings (%n).</source>
            <translation>
                <numerusform>%1 wurde mit Warnungen gelesen (%n).</numerusform>
                <numerusform>%1 wurde mit Warnungen gelesen (%n).</numerusform>
            </translation>
        </message>
        <message>
            <source>Recovered, and shown in the piano roll: notes: %1, tracks: %2.</source>
            <translation>Gerettet und in der Pianorolle zu sehen: Noten: %1, Spuren: %2.</translation>
        </message>
        <message numerus="yes">
            <source>%1 read with warnings (%n); the first: %2</source>
            <translation>
                <numerusform>%1 mit %n Warnung gelesen: %2</numerusform>
                <numerusform>%1 mit %n Warnungen gelesen; erste: %2</numerusform>
            </translation>
        </message>
        <message>
            <source>Panic</source>
            <translation>Panik</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Starten</translation>
        </message>
        <message>
            <source>Call and Response</source>
            <translation>Ruf und Antwort</translation>
        </message>
        <message>
            <source>start a call and response session</source>
            <translation>eine Ruf-und-Antwort-Sitzung beginnen</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::MetricsChart</name>
        <message>
            <source>step</source>
            <translation>Schritt</translation>
        </message>
        <message>
            <source>seconds</source>
            <translation>Sekunden</translation>
        </message>
        <message>
            <source>tokens</source>
            <translation>Tokens</translation>
        </message>
        <message>
            <source> (smoothed)</source>
            <translation> (geglättet)</translation>
        </message>
        <message>
            <source>%1  step %2  %3  %4</source>
            <translation>%1  Schritt %2  %3  %4</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::ModelPicker</name>
        <message>
            <source>Open Model…</source>
            <translation>Modell öffnen …</translation>
        </message>
        <message>
            <source>Default model</source>
            <translation>Standardmodell</translation>
        </message>
        <message>
            <source>No model yet. %1</source>
            <translation>Noch kein Modell. %1</translation>
        </message>
        <message>
            <source>Open Model</source>
            <translation>Modell öffnen</translation>
        </message>
        <message>
            <source>Models (*.safetensors);;All files (*)</source>
            <translation>Modelle (*.safetensors);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>Not a model: %1</source>
            <translation>Kein Modell: %1</translation>
        </message>
        <message>
            <source>%1 million parameters, %2 layers, width %3, context %4 tokens%5</source>
            <translation>%1 Millionen Parameter, %2 Schichten, Breite %3, Kontext %4 Token%5</translation>
        </message>
        <message>
            <source>, bfloat16</source>
            <translation>, bfloat16</translation>
        </message>
        <message>
            <source>Tokenizer: REMI, %1 tokens</source>
            <translation>Tokenizer: REMI, %1 Token</translation>
        </message>
        <message>
            <source>No composer labels</source>
            <translation>Keine Komponisten-Bezeichnungen</translation>
        </message>
        <message>
            <source>Labels: %1</source>
            <translation>Bezeichnungen: %1</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::NewPieceDialog</name>
        <message>
            <source>New Piece</source>
            <translation>Neues Stück</translation>
        </message>
        <message>
            <source> bpm</source>
            <translation> BPM</translation>
        </message>
        <message>
            <source>Tempo</source>
            <translation>Tempo</translation>
        </message>
        <message>
            <source>Time signature</source>
            <translation>Taktart</translation>
        </message>
        <message>
            <source>Drums (channel 10)</source>
            <translation>Schlagzeug (Kanal 10)</translation>
        </message>
        <message>
            <source>Instrument</source>
            <translation>Instrument</translation>
        </message>
        <message>
            <source>Double-click the piano roll to add notes.</source>
            <translation>Ein Doppelklick in die Pianorolle fügt Noten hinzu.</translation>
        </message>
        <message>
            <source>Create</source>
            <translation>Erstellen</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::PianoRollCanvas</name>
        <message>
            <source>Resize notes</source>
            <translation>Notenlänge ändern</translation>
        </message>
        <message>
            <source>Move notes</source>
            <translation>Noten verschieben</translation>
        </message>
        <message>
            <source>%1 (%2) · start %3 · %4 beats · velocity %5 · %6</source>
            <translation>%1 (%2) · Beginn %3 · %4 Schläge · Anschlag %5 · %6</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::PianoRollEditor</name>
        <message>
            <source>Snap:</source>
            <translation>Raster:</translation>
        </message>
        <message>
            <source>Bar</source>
            <translation>Takt</translation>
        </message>
        <message>
            <source>1/2</source>
            <translation>1/2</translation>
        </message>
        <message>
            <source>1/4</source>
            <translation>1/4</translation>
        </message>
        <message>
            <source>1/8</source>
            <translation>1/8</translation>
        </message>
        <message>
            <source>1/8 triplet</source>
            <translation>1/8-Triole</translation>
        </message>
        <message>
            <source>1/16</source>
            <translation>1/16</translation>
        </message>
        <message>
            <source>1/32</source>
            <translation>1/32</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>Aus</translation>
        </message>
        <message>
            <source>Snap grid (hold Alt to place freely)</source>
            <translation>Einrastraster (Alt gedrückt halten für freie Platzierung)</translation>
        </message>
        <message>
            <source>Follow playhead</source>
            <translation>Abspielposition folgen</translation>
        </message>
        <message>
            <source>Zoom out (Ctrl+−)</source>
            <translation>Verkleinern (Strg+−)</translation>
        </message>
        <message>
            <source>Zoom in (Ctrl++)</source>
            <translation>Vergrößern (Strg++)</translation>
        </message>
        <message>
            <source>Fit</source>
            <translation>Einpassen</translation>
        </message>
        <message>
            <source>Zoom to fit</source>
            <translation>Ganzes Stück einpassen</translation>
        </message>
        <message>
            <source>Velocity</source>
            <translation>Anschlag</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::PieceDocument</name>
        <message>
            <source>Untitled</source>
            <translation>Unbenannt</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::PlaybackPanel</name>
        <message>
            <source>Volume</source>
            <translation>Lautstärke</translation>
        </message>
        <message>
            <source>Reverb</source>
            <translation>Hall</translation>
        </message>
        <message>
            <source>Chorus</source>
            <translation>Chorus</translation>
        </message>
        <message>
            <source>No SoundFont</source>
            <translation>Kein SoundFont</translation>
        </message>
        <message>
            <source>…</source>
            <translation>…</translation>
        </message>
        <message>
            <source>Choose a SoundFont (.sf2, .sf3)</source>
            <translation>SoundFont wählen (.sf2, .sf3)</translation>
        </message>
        <message>
            <source>SoundFont</source>
            <translation>SoundFont</translation>
        </message>
        <message>
            <source>Output</source>
            <translation>Ausgabe</translation>
        </message>
        <message>
            <source>Choose a SoundFont</source>
            <translation>SoundFont wählen</translation>
        </message>
        <message>
            <source>SoundFonts (*.sf2 *.sf3 *.SF2)</source>
            <translation>SoundFonts (*.sf2 *.sf3 *.SF2)</translation>
        </message>
        <message>
            <source>Tempo %1 bpm</source>
            <translation>Tempo %1 BPM</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::RecentFiles</name>
        <message>
            <source>(none)</source>
            <translation>(keine)</translation>
        </message>
        <message>
            <source>Clear Recent</source>
            <translation>Liste leeren</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::RunStatus</name>
        <message>
            <source>step %1/%2</source>
            <translation>Schritt %1/%2</translation>
        </message>
        <message>
            <source>step %1</source>
            <translation>Schritt %1</translation>
        </message>
        <message>
            <source>elapsed %1</source>
            <translation>vergangen %1</translation>
        </message>
        <message>
            <source>ETA %1</source>
            <translation>noch %1</translation>
        </message>
        <message>
            <source>%1 tokens/s</source>
            <translation>%1 Tokens/s</translation>
        </message>
        <message>
            <source>best validation loss %1 at step %2</source>
            <translation>bester Validierungsverlust %1 bei Schritt %2</translation>
        </message>
        <message>
            <source>CPU %1 cores · %2 MB</source>
            <translation>CPU %1 Kerne · %2 MB</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::RunsTable</name>
        <message>
            <source>Run</source>
            <translation>Lauf</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Datum</translation>
        </message>
        <message>
            <source>Dataset</source>
            <translation>Datensatz</translation>
        </message>
        <message>
            <source>Shape</source>
            <translation>Form</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>Parameter</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>Schritte</translation>
        </message>
        <message>
            <source>Best validation loss</source>
            <translation>Bester Validierungsverlust</translation>
        </message>
        <message>
            <source>Tokens/s</source>
            <translation>Tokens/s</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::SilentPlaybackEngine</name>
        <message>
            <source>%1: no such SoundFont file</source>
            <translation>%1: SoundFont-Datei nicht gefunden</translation>
        </message>
        <message>
            <source>no synthesizer built in</source>
            <translation>kein Synthesizer eingebaut</translation>
        </message>
        <message>
            <source>No sound device</source>
            <translation>Kein Audiogerät</translation>
        </message>
        <message>
            <source>No sound (no synthesizer built in)</source>
            <translation>Kein Ton (kein Synthesizer eingebaut)</translation>
        </message>
        <message>
            <source>silent, no sound device</source>
            <translation>stumm, kein Audiogerät</translation>
        </message>
        <message>
            <source>This build of Mozart Studio has no synthesizer (FluidSynth was not found when it was built).</source>
            <translation>Dieses Build von Mozart Studio hat keinen Synthesizer (FluidSynth wurde beim Bauen nicht gefunden).</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::StatusProgress</name>
        <message>
            <source>Cancel</source>
            <translation>Abbrechen</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::TimeRuler</name>
        <message>
            <source>Click to move the playhead; drag across bars to loop them</source>
            <translation>Klicken setzt die Abspielposition; Ziehen über Takte schleift sie</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::TokenInspector</name>
        <message>
            <source>REMI tokens of the edited track (MidiTok default tokenizer)</source>
            <translation>REMI-Tokens der bearbeiteten Spur (MidiTok-Standard-Tokenizer)</translation>
        </message>
        <message>
            <source>%1 REMI tokens of track %2 (MidiTok default tokenizer)</source>
            <translation>%1 REMI-Tokens von Spur %2 (MidiTok-Standard-Tokenizer)</translation>
        </message>
        <message>
            <source>&amp;Copy Selected Tokens</source>
            <translation>Ausgewählte Tokens &amp;kopieren</translation>
        </message>
        <message>
            <source>Copy &amp;All Tokens</source>
            <translation>&amp;Alle Tokens kopieren</translation>
        </message>
        <message>
            <source>Select &amp;No Notes</source>
            <translation>&amp;Keine Noten auswählen</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::TrackList</name>
        <message>
            <source>Track</source>
            <translation>Spur</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Noten</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Zeigen</translation>
        </message>
        <message>
            <source>M</source>
            <translation>M</translation>
        </message>
        <message>
            <source>S</source>
            <translation>S</translation>
        </message>
        <message>
            <source>Mute (M)</source>
            <translation>Stumm (M)</translation>
        </message>
        <message>
            <source>Solo (S)</source>
            <translation>Solo (S)</translation>
        </message>
        <message>
            <source>Channel %1, program %2</source>
            <translation>Kanal %1, Programm %2</translation>
        </message>
        <message>
            <source>&amp;Instrument</source>
            <translation>&amp;Instrument</translation>
        </message>
        <message>
            <source>Drums</source>
            <translation>Schlagzeug</translation>
        </message>
        <message>
            <source>&amp;Mute</source>
            <translation>&amp;Stumm</translation>
        </message>
        <message>
            <source>&amp;Solo</source>
            <translation>S&amp;olo</translation>
        </message>
        <message>
            <source>&amp;Delete Track</source>
            <translation>Spur &amp;löschen</translation>
        </message>
        <message>
            <source>&amp;Add Track</source>
            <translation>Spur &amp;hinzufügen</translation>
        </message>
        <message>
            <source>Change instrument</source>
            <translation>Instrument ändern</translation>
        </message>
        <message>
            <source>Delete track</source>
            <translation>Spur löschen</translation>
        </message>
        <message>
            <source>Track %1</source>
            <translation>Spur %1</translation>
        </message>
        <message>
            <source>Add track</source>
            <translation>Spur hinzufügen</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::SamplesTimeline</name>
        <message>
            <source>Step</source>
            <translation>Schritt</translation>
        </message>
        <message>
            <source>Composer</source>
            <translation>Komponist</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>Startwert</translation>
        </message>
        <message>
            <source>Bars</source>
            <translation>Takte</translation>
        </message>
        <message>
            <source>Piece</source>
            <translation>Stück</translation>
        </message>
        <message>
            <source>Open and play</source>
            <translation>Öffnen und abspielen</translation>
        </message>
        <message>
            <source>Open this step&apos;s model in the Generate panel</source>
            <translation>Das Modell dieses Schritts im Generierungs-Fenster öffnen</translation>
        </message>
        <message>
            <source>step %1 · %2 · seed %3 · %4 bars</source>
            <translation>Schritt %1 · %2 · Startwert %3 · %4 Takte</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::TrainForm</name>
        <message numerus="yes">
            <source>%n MIDI file(s), no composer folders</source>
            <translation>
                <numerusform>%n MIDI-Datei, keine Komponistenordner</numerusform>
                <numerusform>%n MIDI-Dateien, keine Komponistenordner</numerusform>
            </translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Daten</translation>
        </message>
        <message>
            <source>MIDI folder</source>
            <translation>MIDI-Ordner</translation>
        </message>
        <message>
            <source>Folder of MIDI files; its first folder level are the composer/style labels</source>
            <translation>Ordner mit MIDI-Dateien; seine erste Ordnerebene sind die Komponisten-/Stil-Labels</translation>
        </message>
        <message>
            <source>no folder</source>
            <translation>kein Ordner</translation>
        </message>
        <message>
            <source>Labels</source>
            <translation>Labels</translation>
        </message>
        <message>
            <source>Run folder</source>
            <translation>Laufordner</translation>
        </message>
        <message>
            <source>Where config.json, metrics.jsonl and the checkpoints go</source>
            <translation>Wohin config.json, metrics.jsonl und die Checkpoints kommen</translation>
        </message>
        <message>
            <source>Split</source>
            <translation>Aufteilung</translation>
        </message>
        <message>
            <source>Train, validation, test fractions of the pieces</source>
            <translation>Anteile der Stücke für Training, Validierung, Test</translation>
        </message>
        <message>
            <source>Split seed</source>
            <translation>Seed der Aufteilung</translation>
        </message>
        <message>
            <source>Seed of the split</source>
            <translation>Seed der Aufteilung</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Modell</translation>
        </message>
        <message>
            <source>tokenizer.json file</source>
            <translation>tokenizer.json-Datei</translation>
        </message>
        <message>
            <source>Tokenizer</source>
            <translation>Tokenizer</translation>
        </message>
        <message>
            <source>Tokenizer file</source>
            <translation>Tokenizer-Datei</translation>
        </message>
        <message>
            <source>A MidiTok tokenizer.json</source>
            <translation>Eine MidiTok-tokenizer.json</translation>
        </message>
        <message>
            <source>Model size</source>
            <translation>Modellgröße</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>Parameter</translation>
        </message>
        <message>
            <source>Shape file</source>
            <translation>Formdatei</translation>
        </message>
        <message>
            <source>A model shape as JSON instead of a size preset</source>
            <translation>Eine Modellform als JSON statt einer Größenvorgabe</translation>
        </message>
        <message>
            <source>Fine-tune from model</source>
            <translation>Feinabstimmung ab Modell</translation>
        </message>
        <message>
            <source>A model file to start from</source>
            <translation>Eine Modelldatei als Ausgangspunkt</translation>
        </message>
        <message>
            <source>LoRA rank</source>
            <translation>LoRA-Rang</translation>
        </message>
        <message>
            <source>0: train every weight</source>
            <translation>0: alle Gewichte trainieren</translation>
        </message>
        <message>
            <source>LoRA alpha</source>
            <translation>LoRA-Alpha</translation>
        </message>
        <message>
            <source>LoRA scale</source>
            <translation>LoRA-Skalierung</translation>
        </message>
        <message>
            <source>No composer labels</source>
            <translation>Keine Komponisten-Bezeichnungen</translation>
        </message>
        <message>
            <source>Do not condition the model on the folders</source>
            <translation>Das Modell nicht auf die Ordner konditionieren</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>Ablauf</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>Schritte</translation>
        </message>
        <message>
            <source>Minutes</source>
            <translation>Minuten</translation>
        </message>
        <message>
            <source>Stop after this much time (0: no limit)</source>
            <translation>Nach dieser Zeit anhalten (0: keine Grenze)</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>Batch</translation>
        </message>
        <message>
            <source>Sequences per step</source>
            <translation>Sequenzen pro Schritt</translation>
        </message>
        <message>
            <source>Sequence length</source>
            <translation>Sequenzlänge</translation>
        </message>
        <message>
            <source>Tokens per sequence</source>
            <translation>Tokens pro Sequenz</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>Lernrate</translation>
        </message>
        <message>
            <source>Peak learning rate</source>
            <translation>Höchste Lernrate</translation>
        </message>
        <message>
            <source>Minimum learning rate</source>
            <translation>Minimale Lernrate</translation>
        </message>
        <message>
            <source>Floor of the cosine decay (empty: lr / 10)</source>
            <translation>Untergrenze des Kosinus-Abfalls (leer: lr / 10)</translation>
        </message>
        <message>
            <source>Warm-up steps</source>
            <translation>Aufwärmschritte</translation>
        </message>
        <message>
            <source>Linear warm-up</source>
            <translation>Lineares Aufwärmen</translation>
        </message>
        <message>
            <source>Weight decay</source>
            <translation>Gewichtsabnahme</translation>
        </message>
        <message>
            <source>AdamW weight decay</source>
            <translation>AdamW-Gewichtsabnahme</translation>
        </message>
        <message>
            <source>Gradient clip</source>
            <translation>Gradientenbegrenzung</translation>
        </message>
        <message>
            <source>Global norm clip (0: off)</source>
            <translation>Begrenzung der globalen Norm (0: aus)</translation>
        </message>
        <message>
            <source>Label smoothing</source>
            <translation>Label-Glättung</translation>
        </message>
        <message>
            <source>Structure weight</source>
            <translation>Strukturgewicht</translation>
        </message>
        <message>
            <source>Penalty on what the REMI grammar forbids</source>
            <translation>Strafe für das, was die REMI-Grammatik verbietet</translation>
        </message>
        <message>
            <source>Accumulate</source>
            <translation>Akkumulieren</translation>
        </message>
        <message>
            <source>Micro-batches per step</source>
            <translation>Mikro-Batches pro Schritt</translation>
        </message>
        <message>
            <source>bfloat16</source>
            <translation>bfloat16</translation>
        </message>
        <message>
            <source>bfloat16 autocast (float32 master weights)</source>
            <translation>bfloat16-Autocast (float32-Mastergewichte)</translation>
        </message>
        <message>
            <source>Threads</source>
            <translation>Threads</translation>
        </message>
        <message>
            <source>Compute threads</source>
            <translation>Rechen-Threads</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>Startwert</translation>
        </message>
        <message>
            <source>Seed of weights, batch order and dropout</source>
            <translation>Seed für Gewichte, Batch-Reihenfolge und Dropout</translation>
        </message>
        <message>
            <source>Transpose ±</source>
            <translation>Transponieren ±</translation>
        </message>
        <message>
            <source>Augmentation: semitones</source>
            <translation>Augmentierung: Halbtöne</translation>
        </message>
        <message>
            <source>Velocity shift ±</source>
            <translation>Anschlagsverschiebung ±</translation>
        </message>
        <message>
            <source>Augmentation: velocity bins</source>
            <translation>Augmentierung: Anschlagsstufen</translation>
        </message>
        <message>
            <source>Fill-in-the-middle rate</source>
            <translation>Anteil Fill-in-the-Middle</translation>
        </message>
        <message>
            <source>Share of windows trained as infilling</source>
            <translation>Anteil der Fenster, die als Lückenfüllung trainiert werden</translation>
        </message>
        <message>
            <source>Validation and checkpoints</source>
            <translation>Validierung und Checkpoints</translation>
        </message>
        <message>
            <source>Validate every</source>
            <translation>Validieren alle</translation>
        </message>
        <message>
            <source>Steps between validations (0: at the end)</source>
            <translation>Schritte zwischen Validierungen (0: am Ende)</translation>
        </message>
        <message>
            <source>Validation batches</source>
            <translation>Validierungs-Batches</translation>
        </message>
        <message>
            <source>0: the whole part</source>
            <translation>0: der ganze Teil</translation>
        </message>
        <message>
            <source>Checkpoint every</source>
            <translation>Checkpoint alle</translation>
        </message>
        <message>
            <source>Steps between checkpoints (0: at the end)</source>
            <translation>Schritte zwischen Checkpoints (0: am Ende)</translation>
        </message>
        <message>
            <source>Checkpoints kept</source>
            <translation>Behaltene Checkpoints</translation>
        </message>
        <message>
            <source>Step checkpoints kept</source>
            <translation>Behaltene Schritt-Checkpoints</translation>
        </message>
        <message>
            <source>counting…</source>
            <translation>wird gezählt …</translation>
        </message>
        <message>
            <source>those of the model fine-tuned</source>
            <translation>die des feinabgestimmten Modells</translation>
        </message>
        <message>
            <source>from the shape file</source>
            <translation>aus der Formdatei</translation>
        </message>
        <message>
            <source> (width %1, %2 layers, %3 heads)</source>
            <translation> (Breite %1, %2 Schichten, %3 Köpfe)</translation>
        </message>
        <message>
            <source>%1 is not a number</source>
            <translation>%1 ist keine Zahl</translation>
        </message>
        <message>
            <source>Optimizer steps (empty: 1000, or the run's own when resuming)</source>
            <translation>Optimierungsschritte (leer: 1000, beim Fortsetzen die des Laufs)</translation>
        </message>
        <message>
            <source>Samples every</source>
            <translation>Beispiele alle</translation>
        </message>
        <message>
            <source>A short piece from the weights every N validations, kept in the run&apos;s samples folder (0: none)</source>
            <translation>Ein kurzes Stück aus den Gewichten alle N Validierungen, im Ordner „samples“ des Laufs abgelegt (0: keine)</translation>
        </message>
        <message>
            <source>Samples every: a whole number of validations, 0 for none</source>
            <translation>Beispiele alle: eine ganze Zahl von Validierungen, 0 für keine</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::TrainPanel</name>
        <message>
            <source>&amp;Training</source>
            <translation>&amp;Training</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Starten</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Fortsetzen</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stopp</translation>
        </message>
        <message>
            <source>Stop after the current step and save the last checkpoint</source>
            <translation>Nach dem laufenden Schritt anhalten und den letzten Checkpoint speichern</translation>
        </message>
        <message>
            <source>Note: %1</source>
            <translation>Hinweis: %1</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>Fehlgeschlagen: %1</translation>
        </message>
        <message>
            <source>Run folder in use</source>
            <translation>Laufordner belegt</translation>
        </message>
        <message>
            <source>%1 already holds a training run.</source>
            <translation>%1 enthält bereits einen Trainingslauf.</translation>
        </message>
        <message>
            <source>Resume it</source>
            <translation>Fortsetzen</translation>
        </message>
        <message>
            <source>Delete it and start afresh</source>
            <translation>Löschen und neu beginnen</translation>
        </message>
        <message>
            <source>by step</source>
            <translation>nach Schritt</translation>
        </message>
        <message>
            <source>by time</source>
            <translation>nach Zeit</translation>
        </message>
        <message>
            <source>by tokens</source>
            <translation>nach Tokens</translation>
        </message>
        <message>
            <source>log y</source>
            <translation>log. y</translation>
        </message>
        <message>
            <source>Smoothing of the training loss (exponential, debiased as in TensorBoard)</source>
            <translation>Glättung des Trainingsverlusts (exponentiell, entzerrt wie in TensorBoard)</translation>
        </message>
        <message>
            <source>Reset zoom</source>
            <translation>Zoom zurücksetzen</translation>
        </message>
        <message>
            <source>Smoothing</source>
            <translation>Glättung</translation>
        </message>
        <message>
            <source>No run</source>
            <translation>Kein Lauf</translation>
        </message>
        <message>
            <source>Training loss</source>
            <translation>Trainingsverlust</translation>
        </message>
        <message>
            <source>Validation loss</source>
            <translation>Validierungsverlust</translation>
        </message>
        <message>
            <source>Validation perplexity</source>
            <translation>Validierungs-Perplexität</translation>
        </message>
        <message>
            <source>Token accuracy</source>
            <translation>Token-Genauigkeit</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>Lernrate</translation>
        </message>
        <message>
            <source>Gradient norm</source>
            <translation>Gradientennorm</translation>
        </message>
        <message>
            <source>Tokens/s</source>
            <translation>Tokens/s</translation>
        </message>
        <message>
            <source>Runs</source>
            <translation>Läufe</translation>
        </message>
        <message>
            <source>Checkpoints</source>
            <translation>Checkpoints</translation>
        </message>
        <message>
            <source>&amp;Start training</source>
            <translation>Training &amp;starten</translation>
        </message>
        <message>
            <source>&amp;Pause</source>
            <translation>&amp;Pause</translation>
        </message>
        <message>
            <source>&amp;Resume</source>
            <translation>&amp;Fortsetzen</translation>
        </message>
        <message>
            <source>S&amp;top (save the last checkpoint)</source>
            <translation>An&amp;halten (letzten Checkpoint speichern)</translation>
        </message>
        <message>
            <source>&amp;Follow a run folder…</source>
            <translation>Einem Laufordner &amp;folgen …</translation>
        </message>
        <message>
            <source>Follow a run folder</source>
            <translation>Einem Laufordner folgen</translation>
        </message>
        <message>
            <source>&amp;Compare the runs in a folder…</source>
            <translation>Läufe in einem Ordner &amp;vergleichen …</translation>
        </message>
        <message>
            <source>Folder of run folders</source>
            <translation>Ordner mit Laufordnern</translation>
        </message>
        <message>
            <source>Export plots as P&amp;NG…</source>
            <translation>Diagramme als P&amp;NG exportieren …</translation>
        </message>
        <message>
            <source>Export plots as S&amp;VG…</source>
            <translation>Diagramme als S&amp;VG exportieren …</translation>
        </message>
        <message>
            <source>Export metrics as &amp;CSV…</source>
            <translation>Metriken als &amp;CSV exportieren …</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Exportieren</translation>
        </message>
        <message>
            <source>Starting…</source>
            <translation>Wird gestartet …</translation>
        </message>
        <message>
            <source>Stopping: saving the last checkpoint…</source>
            <translation>Wird angehalten: letzter Checkpoint wird gespeichert …</translation>
        </message>
        <message>
            <source>Training in progress</source>
            <translation>Training läuft</translation>
        </message>
        <message>
            <source>A training run is in progress. Stop it (the last checkpoint is saved) and close?</source>
            <translation>Ein Trainingslauf läuft. Anhalten (der letzte Checkpoint wird gespeichert) und schließen?</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>Ausblenden</translation>
        </message>
        <message>
            <source>Estimate time and memory</source>
            <translation>Zeit und Speicher schätzen</translation>
        </message>
        <message>
            <source>Times a few steps of this run on its data (nothing is written to the run folder)</source>
            <translation>Misst einige Schritte dieses Laufs auf seinen Daten (in den Laufordner wird nichts geschrieben)</translation>
        </message>
        <message>
            <source>No estimate: %1</source>
            <translation>Keine Schätzung: %1</translation>
        </message>
        <message>
            <source>Estimate: %1</source>
            <translation>Schätzung: %1</translation>
        </message>
        <message>
            <source>&amp;Estimate time and memory</source>
            <translation>Zeit und Speicher &amp;schätzen</translation>
        </message>
        <message>
            <source>Estimating: reading the data and timing a few steps…</source>
            <translation>Schätzung: Daten werden gelesen und einige Schritte gemessen …</translation>
        </message>
        <message>
            <source>The run in %1 was stopped at step %2.</source>
            <translation>Der Lauf in %1 wurde bei Schritt %2 angehalten.</translation>
        </message>
        <message>
            <source>Samples timeline</source>
            <translation>Beispiel-Zeitleiste</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::TrainingRunner</name>
        <message>
            <source>Reading the data…</source>
            <translation>Daten werden gelesen …</translation>
        </message>
        <message>
            <source>Samples timeline: %1</source>
            <translation>Beispiel-Zeitleiste: %1</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::VariationList</name>
        <message>
            <source>Keep This Variation</source>
            <translation>Diese Variante behalten</translation>
        </message>
        <message>
            <source>Keep Selected as Tracks</source>
            <translation>Auswahl als Spuren behalten</translation>
        </message>
        <message>
            <source>Add every selected variation to the piece as its own tracks (Ctrl-click to select several)</source>
            <translation>Jede ausgewählte Variante als eigene Spuren zum Stück hinzufügen (Strg-Klick wählt mehrere aus)</translation>
        </message>
    </context>
    <context>
        <name>mozart::ui::VelocityLane</name>
        <message>
            <source>Drag to draw velocities, Shift+drag for a ramp, Ctrl+drag to raise or lower the selection</source>
            <translation>Ziehen zeichnet Anschlagstärken, Umschalt+Ziehen eine Rampe, Strg+Ziehen hebt oder senkt die Auswahl</translation>
        </message>
        <message>
            <source>Velocity ramp</source>
            <translation>Anschlagrampe</translation>
        </message>
        <message>
            <source>Change velocity</source>
            <translation>Anschlagstärke ändern</translation>
        </message>
        <message>
            <source>Draw velocities</source>
            <translation>Anschlagstärken zeichnen</translation>
        </message>
    </context>
</TS>
