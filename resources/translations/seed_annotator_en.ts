<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AgreementView</name>
    <message numerus="yes">
        <source>%n disagreement(s)</source>
        <translation>
            <numerusform>%n disagreement</numerusform>
            <numerusform>%n disagreements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) in common</source>
        <translation>
            <numerusform>%n document in common</numerusform>
            <numerusform>%n documents in common</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message numerus="yes">
        <source>%n document(s) in all</source>
        <translation>
            <numerusform>%n document in all</numerusform>
            <numerusform>%n documents in all</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished by two or more analysts</source>
        <translation>
            <numerusform>%n finished by two or more analysts</numerusform>
            <numerusform>%n finished by two or more analysts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished by nobody yet</source>
        <translation>
            <numerusform>%n finished by nobody yet</numerusform>
            <numerusform>%n finished by nobody yet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%Ln more unranked)</source>
        <translation>
            <numerusform> (%Ln more unranked)</numerusform>
            <numerusform> (%Ln more unranked)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelKeeper</name>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelPane</name>
    <message numerus="yes">
        <source>Learnt from %Ln document(s)</source>
        <translation>
            <numerusform>Learnt from %Ln document</numerusform>
            <numerusform>Learnt from %Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln span(s)</source>
        <translation>
            <numerusform>, %Ln span</numerusform>
            <numerusform>, %Ln spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeamSync</name>
    <message numerus="yes">
        <source>%n server row(s) left out</source>
        <translation>
            <numerusform>%n server row left out</numerusform>
            <numerusform>%n server rows left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) waiting</source>
        <translation>
            <numerusform>%n edit waiting</numerusform>
            <numerusform>%n edits waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>jobs</name>
    <message numerus="yes">
        <source>Imported %n new document(s)</source>
        <translation>
            <numerusform>Imported %n new document</numerusform>
            <numerusform>Imported %n new documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already there</source>
        <translation>
            <numerusform>%n already there</numerusform>
            <numerusform>%n already there</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) added</source>
        <translation>
            <numerusform>%n span added</numerusform>
            <numerusform>%n spans added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n model prediction(s)</source>
        <translation>
            <numerusform>%n model prediction</numerusform>
            <numerusform>%n model predictions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s).</source>
        <translation>
            <numerusform>%n warning.</numerusform>
            <numerusform>%n warnings.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n document(s)</source>
        <translation>
            <numerusform>Exported %n document</numerusform>
            <numerusform>Exported %n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>%n span</numerusform>
            <numerusform>%n spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The search index was rebuilt from %n document(s).</source>
        <translation>
            <numerusform>The search index was rebuilt from %n document.</numerusform>
            <numerusform>The search index was rebuilt from %n documents.</numerusform>
        </translation>
    </message>
</context>
</TS>
