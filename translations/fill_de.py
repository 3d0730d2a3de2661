#!/usr/bin/env python3
"""Fills translations/mozart_studio_de.ts from the German table below (run after lupdate).

Usage: python3 translations/fill_de.py   (lists any source text still without German)."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

DE = {
    'Transpose up': 'Nach oben transponieren',
    'Transpose down': 'Nach unten transponieren',
    'Move notes': 'Noten verschieben',
    'Delete notes': 'Noten löschen',
    'Duplicate notes': 'Noten duplizieren',
    'Quantize': 'Quantisieren',
    'Add note': 'Note hinzufügen',
    'Paste notes': 'Noten einfügen',
    'Change velocity': 'Anschlagstärke ändern',
    'Audio export needs the FluidSynth renderer, which this build does not have.':
        'Der Audio-Export braucht den FluidSynth-Renderer, den dieses Build nicht enthält.',
    'Mozart Studio: browse, hear, edit and export MIDI': 'Mozart Studio: MIDI durchsuchen, anhören, bearbeiten und exportieren',
    'A MIDI file to open, or a folder of MIDI files': 'Eine MIDI-Datei zum Öffnen oder ein Ordner mit MIDI-Dateien',
    'Measure piano-roll repaint time and event-loop blocking, then exit':
        'Neuzeichnen der Pianorolle und Blockieren der Ereignisschleife messen, dann beenden',
    'Folder of MIDI files for --bench': 'Ordner mit MIDI-Dateien für --bench',
    'Filter pieces (composer, file, instrument, status…)': 'Stücke filtern (Komponist, Datei, Instrument, Status …)',
    'Cancel scan': 'Einlesen abbrechen',
    'Listing %1…': '%1 wird aufgelistet …',
    'Scanning %1 of %2 files…': 'Lese %1 von %2 Dateien …',
    'Scan cancelled after %1 of %2 files': 'Einlesen nach %1 von %2 Dateien abgebrochen',
    '%1 pieces, %2 unreadable': '%1 Stücke, %2 nicht lesbar',
    '(no folder)': '(kein Ordner)',
    'Pieces per composer (%1 of %2 scanned)': 'Stücke pro Komponist (%1 von %2 eingelesen)',
    '%1 unreadable, %2 duplicates': '%1 nicht lesbar, %2 Duplikate',
    'Pitch histogram (all notes)': 'Tonhöhen-Histogramm (alle Noten)',
    'Note density (notes per second)': 'Notendichte (Noten pro Sekunde)',
    'Same bytes as %1': 'Byte-gleich mit %1',
    'waiting': 'wartet',
    'error: %1': 'Fehler: %1',
    'duplicate of %1': 'Duplikat von %1',
    'ok': 'ok',
    'Composer': 'Komponist',
    'File': 'Datei',
    'Duration': 'Dauer',
    'Tracks': 'Spuren',
    'Instruments': 'Instrumente',
    'Notes': 'Noten',
    'Tempo': 'Tempo',
    'Tokens': 'Tokens',
    'Status': 'Status',
    'Export Audio': 'Audio exportieren',
    'Export MIDI': 'MIDI exportieren',
    'What': 'Was',
    'The open piece (none open)': 'Das geöffnete Stück (keines geöffnet)',
    'The open piece: %1': 'Das geöffnete Stück: %1',
    'Selected dataset pieces (%n)': ['Ausgewähltes Stück aus dem Datensatz (%n)', 'Ausgewählte Stücke aus dem Datensatz (%n)'],
    'MIDI file (.mid)': 'MIDI-Datei (.mid)',
    'WAV (.wav)': 'WAV (.wav)',
    'FLAC (.flac)': 'FLAC (.flac)',
    'Ogg Vorbis (.ogg)': 'Ogg Vorbis (.ogg)',
    'Format': 'Format',
    'Whole piece': 'Ganzes Stück',
    'Loop range only': 'Nur Schleifenbereich',
    'Part': 'Teil',
    '…': '…',
    'Save to': 'Speichern unter',
    'Audio': 'Audio',
    '%1 Hz': '%1 Hz',
    'Sample rate': 'Abtastrate',
    'Bit depth': 'Bittiefe',
    'Quality': 'Qualität',
    'Normalise peak to': 'Spitzenpegel normalisieren auf',
    ' dBFS': ' dBFS',
    'Export': 'Exportieren',
    '16-bit integer': '16 Bit Ganzzahl',
    '24-bit integer': '24 Bit Ganzzahl',
    '32-bit float': '32 Bit Gleitkomma',
    '16-bit': '16 Bit',
    '24-bit': '24 Bit',
    'piece': 'Stück',
    'Each piece is written into the folder under its own name with .%1.':
        'Jedes Stück wird unter seinem eigenen Namen mit .%1 in den Ordner geschrieben.',
    'The release tail after the last note is included.': 'Der Ausklang nach der letzten Note wird mit exportiert.',
    'Export into folder': 'In Ordner exportieren',
    'Export to': 'Exportieren nach',
    '%1 files (*.%2)': '%1-Dateien (*.%2)',
    'Exported %1': '%1 exportiert',
    'Exported files: %n': ['%n Datei exportiert', '%n Dateien exportiert'],
    'Click a key to hear it': 'Taste anklicken, um sie zu hören',
    'Pause': 'Pause',
    'Play': 'Abspielen',
    'open another piece': 'ein anderes Stück öffnen',
    'Scanning %1/%2': 'Lese %1/%2',
    'Scan cancelled': 'Einlesen abgebrochen',
    'Scan of %1 finished': 'Einlesen von %1 abgeschlossen',
    'Export cancelled': 'Export abgebrochen',
    'Files that could not be exported: %n': ['%n Datei konnte nicht exportiert werden:', '%n Dateien konnten nicht exportiert werden:'],
    'Playback': 'Wiedergabe',
    'Dataset': 'Datensatz',
    '%1: no such file or folder': '%1: Datei oder Ordner nicht gefunden',
    'Reading %1': 'Lese %1',
    '%1: not a readable MIDI file': '%1: keine lesbare MIDI-Datei',
    'Cannot open MIDI file': 'MIDI-Datei kann nicht geöffnet werden',
    '%1 read with warnings (%n); the first: %2': ['%1 mit %n Warnung gelesen: %2', '%1 mit %n Warnungen gelesen; erste: %2'],
    'Scanning %1': 'Lese %1 ein',
    'Unsaved edits': 'Ungespeicherte Änderungen',
    '%1 has unsaved edits. Save them before you %2?': '%1 hat ungespeicherte Änderungen. Vor dem Schritt „%2“ speichern?',
    'Save': 'Speichern',
    'Saved %1': '%1 gespeichert',
    '%1 was removed from disk': '%1 wurde auf der Festplatte gelöscht',
    '%1 changed on disk and was reloaded': '%1 wurde auf der Festplatte geändert und neu geladen',
    'File changed on disk': 'Datei auf der Festplatte geändert',
    '%1 changed on disk, and you have unsaved edits. Reload it and lose your edits?':
        '%1 wurde auf der Festplatte geändert, und Sie haben ungespeicherte Änderungen. Neu laden und die Änderungen verwerfen?',
    'An export is already running': 'Es läuft bereits ein Export',
    '%1: cannot create the folder': '%1: Ordner kann nicht angelegt werden',
    'Replace files?': 'Dateien ersetzen?',
    'Files that already exist: %n': ['%n Datei existiert bereits:', '%n Dateien existieren bereits:'],
    'Replace them?': 'Ersetzen?',
    'Exporting audio': 'Audio wird exportiert',
    'Exporting MIDI': 'MIDI wird exportiert',
    'Mozart Studio': 'Mozart Studio',
    '%1[*] — Mozart Studio': '%1[*] — Mozart Studio',
    '%1 · tracks: %n': ['%1 · %n Spur', '%1 · %n Spuren'],
    ' · notes: %n': [' · %n Note', ' · %n Noten'],
    ' · selected: %n': [' · %n ausgewählt', ' · %n ausgewählt'],
    'No piece open': 'Kein Stück geöffnet',
    ' · dataset %1, pieces: %n': [' · Datensatz %1 (%n Stück)', ' · Datensatz %1 (%n Stücke)'],
    'quit': 'beenden',
    '&Open MIDI…': 'MIDI ö&ffnen …',
    'Open MIDI file': 'MIDI-Datei öffnen',
    'MIDI files (*.mid *.midi *.rmi *.kar);;All files (*)': 'MIDI-Dateien (*.mid *.midi *.rmi *.kar);;Alle Dateien (*)',
    'Open &Dataset Folder…': '&Datensatz-Ordner öffnen …',
    'Open dataset folder': 'Datensatz-Ordner öffnen',
    'Open &Model…': '&Modell öffnen …',
    'Open model': 'Modell öffnen',
    'Mozart models (*.mozart *.safetensors);;All files (*)': 'Mozart-Modelle (*.mozart *.safetensors);;Alle Dateien (*)',
    'Model %1 selected; the generation panel will use it': 'Modell %1 gewählt; das Generierungs-Fenster wird es verwenden',
    '&Save': '&Speichern',
    '&Reload from Disk': 'Von Festplatte &neu laden',
    'reload': 'neu laden',
    'Export &MIDI…': '&MIDI exportieren …',
    'Export &Audio (WAV/FLAC/OGG)…': '&Audio exportieren (WAV/FLAC/OGG) …',
    '&Quit': '&Beenden',
    '&Undo': '&Rückgängig',
    '&Redo': '&Wiederherstellen',
    'Cu&t': '&Ausschneiden',
    '&Copy': '&Kopieren',
    '&Paste': '&Einfügen',
    'D&uplicate': 'D&uplizieren',
    'Select &All': 'Alles aus&wählen',
    '&Delete': '&Löschen',
    '&Quantize to Grid': 'Am Raster &quantisieren',
    'Velocity +8': 'Anschlag +8',
    'Velocity −8': 'Anschlag −8',
    'Zoom &In': '&Vergrößern',
    'Zoom &Out': 'Ver&kleinern',
    'Zoom to &Fit': '&Einpassen',
    '&Follow Playhead': 'Abspielposition &folgen',
    '&Velocity Lane': '&Anschlagspur',
    'Stop': 'Stopp',
    'Go to Start': 'Zum Anfang',
    'Loop': 'Schleife',
    'Loop Selected Bars': 'Ausgewählte Takte schleifen',
    'Panic (All Notes Off)': 'Panik (alle Noten aus)',
    '&About Mozart Studio': '&Über Mozart Studio',
    '&File': '&Datei',
    '&Recent': '&Zuletzt geöffnet',
    '&Edit': '&Bearbeiten',
    '&View': '&Ansicht',
    '&Panels': '&Bereiche',
    '&Playback': '&Wiedergabe',
    '&Help': '&Hilfe',
    'About Mozart Studio': 'Über Mozart Studio',
    '<h3>Mozart Studio %1</h3><p>Symbolic music generation: MIDI, REMI tokens, a Transformer, piano roll, playback and export.</p><p>Qt %2 (built with %3)<br>LibTorch %4<br>FluidSynth %5<br>Playback: %6</p>':
        '<h3>Mozart Studio %1</h3><p>Symbolische Musikgenerierung: MIDI, REMI-Tokens, ein Transformer, Pianorolle, Wiedergabe und Export.</p><p>Qt %2 (gebaut mit %3)<br>LibTorch %4<br>FluidSynth %5<br>Wiedergabe: %6</p>',
    'not found': 'nicht gefunden',
    'Resize notes': 'Notenlänge ändern',
    '%1 (%2) · start %3 · %4 beats · velocity %5 · %6': '%1 (%2) · Beginn %3 · %4 Schläge · Anschlag %5 · %6',
    'Snap:': 'Raster:',
    'Bar': 'Takt',
    '1/2': '1/2',
    '1/4': '1/4',
    '1/8': '1/8',
    '1/8 triplet': '1/8-Triole',
    '1/16': '1/16',
    '1/32': '1/32',
    'Off': 'Aus',
    'Snap grid (hold Alt to place freely)': 'Einrastraster (Alt gedrückt halten für freie Platzierung)',
    'Follow playhead': 'Abspielposition folgen',
    'Zoom out (Ctrl+−)': 'Verkleinern (Strg+−)',
    'Zoom in (Ctrl++)': 'Vergrößern (Strg++)',
    'Fit': 'Einpassen',
    'Zoom to fit': 'Ganzes Stück einpassen',
    'Velocity': 'Anschlag',
    'Untitled': 'Unbenannt',
    'Volume': 'Lautstärke',
    'Reverb': 'Hall',
    'Chorus': 'Chorus',
    'No SoundFont': 'Kein SoundFont',
    'Choose a SoundFont (.sf2, .sf3)': 'SoundFont wählen (.sf2, .sf3)',
    'SoundFont': 'SoundFont',
    'Output': 'Ausgabe',
    'Choose a SoundFont': 'SoundFont wählen',
    'SoundFonts (*.sf2 *.sf3 *.SF2)': 'SoundFonts (*.sf2 *.sf3 *.SF2)',
    'Tempo %1 bpm': 'Tempo %1 BPM',
    '(none)': '(keine)',
    'Clear Recent': 'Liste leeren',
    '%1: no such SoundFont file': '%1: SoundFont-Datei nicht gefunden',
    'No sound (synthesizer not available)': 'Kein Ton (kein Synthesizer verfügbar)',
    'no synthesizer built in': 'kein Synthesizer eingebaut',
    'Cancel': 'Abbrechen',
    'Click to move the playhead; drag across bars to loop them': 'Klicken setzt die Abspielposition; Ziehen über Takte schleift sie',
    'REMI tokens of the edited track (MidiTok default tokenizer)': 'REMI-Tokens der bearbeiteten Spur (MidiTok-Standard-Tokenizer)',
    '%1 REMI tokens of track %2 (MidiTok default tokenizer)': '%1 REMI-Tokens von Spur %2 (MidiTok-Standard-Tokenizer)',
    'Track': 'Spur',
    'Show': 'Zeigen',
    'M': 'M',
    'S': 'S',
    'Mute (M)': 'Stumm (M)',
    'Solo (S)': 'Solo (S)',
    'Channel %1, program %2': 'Kanal %1, Programm %2',
    'Drag to draw velocities, Shift+drag for a ramp, Ctrl+drag to raise or lower the selection':
        'Ziehen zeichnet Anschlagstärken, Umschalt+Ziehen eine Rampe, Strg+Ziehen hebt oder senkt die Auswahl',
    'Velocity ramp': 'Anschlagrampe',
    'Draw velocities': 'Anschlagstärken zeichnen',
    '%1: cancelled': '%1: abgebrochen',
    'Built-in synthesizer (FluidSynth, %1)': 'Eingebauter Synthesizer (FluidSynth, %1)',
    'no device': 'kein Gerät',
    'MIDI port: %1': 'MIDI-Anschluss: %1',
    'No sound: %1': 'Kein Ton: %1',
}

# Shortcuts stay as they are: Qt shows them in the user's language by itself.
SHORTCUT_PREFIXES = ('Ctrl+', 'Shift+', 'Alt+')


def main():
    path = Path(__file__).with_name('mozart_studio_de.ts')
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter('message'):
        source = message.find('source').text or ''
        translation = message.find('translation')
        if translation is None:
            translation = ET.SubElement(message, 'translation')
        for child in list(translation):
            translation.remove(child)
        translation.attrib.pop('type', None)
        german = DE.get(source)
        if german is None and (source.startswith(SHORTCUT_PREFIXES) or source in ('F',)):
            german = source
        if german is None:
            missing.append(source)
            translation.set('type', 'unfinished')
            translation.text = None
            continue
        if message.get('numerus') == 'yes':
            forms = german if isinstance(german, list) else [german, german]
            translation.text = None
            for form in forms:
                ET.SubElement(translation, 'numerusform').text = form
        else:
            translation.text = german
    ET.indent(tree, space='    ')
    with open(path, 'wb') as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding='utf-8', xml_declaration=False)
        f.write(b'\n')
    for m in missing:
        print('missing German for:', repr(m), file=sys.stderr)
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
