# Makes a program's man page from its own --help (and, for mozart, the --help of every command and
# bench command) with help2man, so the page and the program cannot drift apart. Run by the build
# whenever the program is rebuilt.
#   cmake -DHELP2MAN=<help2man> -DPROGRAM=<exe> -DVERSION=<x.y.z> -DNAME=<one-line summary>
#         -DOUTPUT=<page.1.gz> [-DSUBCOMMANDS=ON] [-DSEE_ALSO=<roff text>] -P ManPage.cmake
# VERSION instead of the program's --version line: the page does not change with every commit.
set(ENV{LC_ALL} C)              # English help whatever the builder's language
set(ENV{LANGUAGE} "")
set(ENV{QT_QPA_PLATFORM} offscreen)  # mozart-studio needs no display to print its help
get_filename_component(program_name "${PROGRAM}" NAME)
get_filename_component(out_dir "${OUTPUT}" DIRECTORY)
string(REGEX REPLACE "\\.gz$" "" page "${OUTPUT}")
set(include_file "${page}.h2m")

# Roff-safe preformatted block: backslashes escaped, no line starting with a control character.
function(append_help title text)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
    string(APPEND body ".SS \"${title}\"\n.nf\n${text}\n.fi\n")
    set(body "${body}" PARENT_SCOPE)
endfunction()

# The names under "Subcommands:" in CLI11's help.
function(subcommands_of help out)
    string(REGEX REPLACE ".*\nSubcommands:\n" "" tail "${help}")
    string(REGEX MATCHALL "(^|\n)  [a-z][a-z0-9-]*" names "${tail}")
    set(result "")
    foreach(n IN LISTS names)
        string(STRIP "${n}" n)
        list(APPEND result "${n}")
    endforeach()
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

set(body "")
if(SUBCOMMANDS)
    execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${PROGRAM} --help failed (${rc})")
    endif()
    subcommands_of("${top}" commands)
    foreach(cmd IN LISTS commands)
        execute_process(COMMAND "${PROGRAM}" ${cmd} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "${PROGRAM} ${cmd} --help failed (${rc})")
        endif()
        append_help("${program_name} ${cmd}" "${help}")
        if(help MATCHES "\nSubcommands:\n")
            subcommands_of("${help}" nested)
            foreach(sub IN LISTS nested)
                execute_process(COMMAND "${PROGRAM}" ${cmd} ${sub} --help OUTPUT_VARIABLE subhelp RESULT_VARIABLE rc)
                if(NOT rc EQUAL 0)
                    message(FATAL_ERROR "${PROGRAM} ${cmd} ${sub} --help failed (${rc})")
                endif()
                append_help("${program_name} ${cmd} ${sub}" "${subhelp}")
            endforeach()
        endif()
    endforeach()
    set(body "[COMMANDS]\n${body}")
endif()
if(SEE_ALSO)
    string(APPEND body "[SEE ALSO]\n${SEE_ALSO}\n")
endif()
file(WRITE "${include_file}" "${body}")

execute_process(COMMAND "${HELP2MAN}" --no-info --section=1 "--version-string=${VERSION}"
                        "--name=${NAME}" "--include=${include_file}" "--output=${page}" "${PROGRAM}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man failed for ${PROGRAM} (${rc})")
endif()
# -n: no name or time stamp in the archive, so the same page gives the same bytes.
execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip failed for ${page}")
endif()
