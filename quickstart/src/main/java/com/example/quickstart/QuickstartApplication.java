package com.example.quickstart;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

@SpringBootApplication
@RestController
public class QuickstartApplication {

    private final RestClient upstream;

    // Boot's RestClient.Builder: the cache is already attached to every client built from it.
    QuickstartApplication(RestClient.Builder builder, @Value("${quickstart.upstream}") String upstream) {
        this.upstream = builder.baseUrl(upstream).build();
    }

    @GetMapping("/uuid")
    ResponseEntity<String> uuid() {
        ResponseEntity<String> response = this.upstream.get().uri("/uuid").retrieve().toEntity(String.class);
        return ResponseEntity.ok()
                .header("Cache-Status", response.getHeaders().getFirst("Cache-Status"))
                .body(response.getBody());
    }

    public static void main(String[] args) {
        SpringApplication.run(QuickstartApplication.class, args);
    }

}
