# `finops send` against a real SMTP server on loopback (aiosmtpd with STARTTLS and AUTH, a throwaway
# certificate made with openssl): one message per person, attachments identical to the pack files,
# nothing from outside a person's scope, exactly once across reruns, a restated report, a 550
# recipient, a kill in the middle of a batch; and `finops check` on the email: section.
add_test(NAME send_smtp COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/send.sh $<TARGET_FILE:finops> ${PROJECT_SOURCE_DIR}
  ${CMAKE_CURRENT_BINARY_DIR}/tmp-send)
set_tests_properties(send_smtp PROPERTIES LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 300)
